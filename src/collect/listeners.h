// Listener derivation: from one snapshot's socket list, one model::Listener per
// TCP LISTEN socket with its accept queue, its half-open (SYN-RECV) children,
// its unaccepted children and its owners. This is what `listeners`, `check`
// and `top` read.
//
// Pure function over a value: no I/O, thread-safe, never fails (a socket it
// cannot place is simply not counted). Linear in the number of sockets: one
// hash map keyed by (netns, local port), a handful of candidates per key.
#pragma once

#include <vector>

#include "model/listener.h"
#include "model/snapshot.h"

namespace sockscope::collect {

// Returns the listeners of `snapshot` in the order their sockets appear.
//
// Matching a child (SYN-RECV, ESTABLISHED or CLOSE-WAIT socket) to a listener
// follows the kernel's listener lookup (__inet_lookup_listener): same netns
// and LOCAL port (a client socket that connects TO a listening port has it as
// its peer port and is never a child), a listener bound to the child's local
// address before a wildcard one, an AF_INET listener before an AF_INET6 one
// for IPv4 traffic, and a `::` listener takes IPv4 children (as ::ffff:a.b.c.d)
// unless IPV6_V6ONLY is set.
//
// Unaccepted children are ESTABLISHED or CLOSE-WAIT children with inode 0:
// the kernel gives a child its file (and inode) only when accept() grafts it
// (sock_graft), so inode 0 means "still in the accept queue", whatever the
// owner walk could see. This needs no owner walk and is not fooled by
// processes whose fds we may not read.
//
// SO_REUSEPORT: listeners sharing (netns, family, address, port) form a
// group; each member reports the group size in reuseport_group. The kernel
// spreads children among members by hash and sock_diag does not say which
// member holds a child, so all the group's syn_recv and unaccepted children
// are counted on its member with the lowest inode (stable across samples);
// the other members report 0. Accept queue lengths stay per member (exact).
//
// Owners come from snapshot.owners when snapshot.owners_collected. A listener
// with no visible owner has owners_known = false when some processes could not
// be read (it may belong to one of them). With a complete walk an empty owner
// list means no process of our PID namespace holds it: in-kernel servers (nfsd)
// hold listeners without fds, and a process in another PID namespace sharing
// this network namespace (a container) is invisible to the walk.
std::vector<model::Listener> DeriveListeners(const model::Snapshot& snapshot);

}  // namespace sockscope::collect
