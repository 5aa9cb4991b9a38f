// A /proc world of TCP listeners for the exporter's collector tests (the
// /proc source needs no netlink fake): LISTEN rows on 127.0.0.1 and empty
// tables for the rest of what serve reads.
#pragma once

#include <cstdio>
#include <string>

#include "collect/collect_options.h"
#include "fakes/fake_proc_fs.h"

namespace sockscope::exporter::testing {

inline constexpr const char* kTcpTableHeader =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
    "timeout inode\n";

// A LISTEN row on 127.0.0.1:port with the given inode.
inline std::string ListenRow(int slot, int port, int inode) {
  char row[200];
  std::snprintf(row, sizeof row,
                "%4d: 0100007F:%04X 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
                "     0        0 %d 1 0000000000000000 100 0 0 10 0\n",
                slot, port, inode);
  return row;
}

// net/tcp holds `rows` (ListenRow lines); tcp6, udp and udp6 are empty.
inline void SetListeners(fakes::FakeProcFs& proc, const std::string& rows) {
  proc.SetFile("net/tcp", kTcpTableHeader + rows);
  proc.SetFile("net/tcp6", kTcpTableHeader);
  proc.SetFile("net/udp", kTcpTableHeader);
  proc.SetFile("net/udp6", kTcpTableHeader);
}

inline collect::CollectOptions ProcOnly() {
  collect::CollectOptions o;
  o.source = collect::SourceChoice::kProc;
  return o;
}

}  // namespace sockscope::exporter::testing
