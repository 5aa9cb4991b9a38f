// The `ls` table: ss's columns (Netid State Recv-Q Send-Q Local Peer Process)
// so muscle memory and scripts written for ss carry over.
#pragma once

#include <string>
#include <vector>

#include "model/snapshot.h"
#include "render/socket_view.h"

namespace sockscope::render {

// Renders the sockets at `indices` of the snapshot. LISTEN rows show the
// accept queue length and max in Recv-Q/Send-Q, "-" when the max is unknown.
void RenderSocketTable(const model::Snapshot& snapshot, const std::vector<size_t>& indices,
                       const SocketView& view, std::string& out);

// Reorders `indices` (stable, linear) into the order ss prints its tables
// (misc/ss.c main): netlink, UNIX, raw, UDP, TCP, MPTCP. The collection reads TCP
// first (what diagnosis needs soonest); a listing shows ss's order.
void OrderAsSs(const model::Snapshot& snapshot, std::vector<size_t>& indices);

// ss's users:(("comm",pid=1,fd=3),...) with comm escaped for the terminal.
void AppendProcessColumn(std::string& out, const std::vector<model::Owner>& owners);

}  // namespace sockscope::render
