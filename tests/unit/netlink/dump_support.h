// Shared by the dump tests: runs RunDump over a fake with the inet_diag
// decoder as handler, and keeps what a real consumer would keep.
#pragma once

#include <linux/sock_diag.h>

#include <chrono>
#include <cstdint>
#include <vector>

#include "fakes/fake_netlink.h"
#include "netlink/dump.h"
#include "netlink/inet_diag.h"

namespace sockscope::testing {

struct DumpRun {
  base::Result<netlink::DumpStats> result = base::MakeError(base::ErrorKind::kIo, "not run");
  std::vector<uint64_t> inodes;  // decoded so far, cleared on every restart
  int restarts = 0;
  std::chrono::milliseconds elapsed{0};
};

// The slack a loaded test machine may add on top of a deadline.
constexpr std::chrono::milliseconds kMargin{300};

inline DumpRun RunTcpDump(sys::NetlinkOpener& opener, std::chrono::milliseconds budget,
                          const netlink::DumpLimits& limits = {}) {
  DumpRun run;
  netlink::DumpRequest request;
  request.message_type = SOCK_DIAG_BY_FAMILY;
  request.payload = netlink::BuildInetDiagRequest({});
  request.what = "sock_diag tcp/inet";
  auto on_message = [&](const nlmsghdr&, std::span<const uint8_t> payload) -> base::Result<void> {
    model::Socket socket;
    if (auto ok = netlink::DecodeInetDiag(payload, model::Proto::kTcp, socket); !ok)
      return ok.error();
    run.inodes.push_back(socket.inode);
    return {};
  };
  auto restart = [&] {
    ++run.restarts;
    run.inodes.clear();
  };
  auto start = base::Clock::now();
  run.result =
      netlink::RunDump(opener, request, base::Deadline::After(budget), limits, on_message, restart);
  run.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(base::Clock::now() - start);
  return run;
}

inline std::vector<FakeMessage> TcpMessages(uint32_t first, uint32_t count) {
  std::vector<FakeMessage> out;
  for (uint32_t i = 0; i < count; ++i) out.push_back(TcpSocketMessage(first + i));
  return out;
}

inline std::vector<uint64_t> Inodes(uint32_t first, uint32_t count) {
  std::vector<uint64_t> out;
  for (uint32_t i = 0; i < count; ++i) out.push_back(1000 + first + i);
  return out;
}

}  // namespace sockscope::testing
