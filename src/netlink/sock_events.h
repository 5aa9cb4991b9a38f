// Destroy events of TCP and UDP sockets from sock_diag's multicast groups,
// as `ss -E` shows them: the kernel sends one inet_diag message, attributes
// included, whenever a socket of a joined group is freed (a connection
// closed, a listener closed, a UDP socket closed). Any user may join (the
// kernel's sock_diag allows non-root receivers): no capability is needed,
// and every socket of the namespace is reported. Events are not buffered by the kernel beyond the
// socket's receive buffer: a burst larger than it loses events, which Next reports (ENOBUFS) so the
// caller can say so.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "base/deadline.h"
#include "base/result.h"
#include "model/socket.h"
#include "sys/netlink_socket.h"

namespace sockscope::netlink {

struct EventGroups {
  bool tcp4 = false, tcp6 = false, udp4 = false, udp6 = false;
};

class DestroyEvents {
 public:
  // Opens a socket in the calling thread's namespace and joins the groups.
  static base::Result<std::unique_ptr<DestroyEvents>> Open(sys::NetlinkOpener& opener,
                                                           const EventGroups& groups);

  // The sockets destroyed in the next datagram, waiting for it until
  // `deadline` (none by then: empty, not an error). An Error with errnum
  // ENOBUFS: events were lost; the watch can go on.
  base::Result<std::vector<model::Socket>> Next(const base::Deadline& deadline);

  // Messages that did not decode (skipped).
  size_t malformed() const { return malformed_; }

 private:
  explicit DestroyEvents(std::unique_ptr<sys::NetlinkSocket> socket);
  std::unique_ptr<sys::NetlinkSocket> socket_;
  std::vector<uint8_t> buffer_;
  size_t malformed_ = 0;
};

}  // namespace sockscope::netlink
