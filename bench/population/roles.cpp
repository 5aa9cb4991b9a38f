#include "roles.h"

#include <fcntl.h>
#include <unistd.h>

#include "loopback.h"

namespace sockscope::bench {
namespace {

// On loopback a connect whose listener has room completes at once; a second
// is generous and still keeps a stuck setup from hanging for minutes.
constexpr int kConnectTimeoutMs = 1000;
// A full queue drops the SYN, so the attempt that finds it full takes this long.
constexpr int kFullProbeTimeoutMs = 200;
// Kernel listeners accept backlog+1 connections before refusing (the queue is
// "full" only when its length exceeds the backlog); we stop well past that.
constexpr int kMaxFullAttempts = 4 * kFullBacklog + 4;

}  // namespace

Status RunWorker(const WorkerPlan& plan, std::vector<UniqueFd>* held, std::string* detail) {
  UniqueFd listener;
  // The backlog only needs room for the one connection between connect and
  // accept; 128 leaves slack for a slow scheduler.
  if (Status s = Listen(plan.addr, plan.port, 128, &listener); !s.ok()) return s;
  held->reserve(static_cast<size_t>(2 * plan.connections + 1));
  for (long i = 0; i < plan.connections; ++i) {
    UniqueFd client;
    if (Status s = ConnectWithin(plan.addr, plan.port, kConnectTimeoutMs, &client); !s.ok()) {
      return Status::Fail(s.message() + " (connection " + std::to_string(i + 1) + " of " +
                          std::to_string(plan.connections) + ")");
    }
    if (Status s = SetAbortiveClose(client.get()); !s.ok()) return s;
    UniqueFd server;
    if (Status s = Accept(listener.get(), &server); !s.ok()) return s;
    held->push_back(std::move(client));
    held->push_back(std::move(server));
  }
  held->push_back(std::move(listener));
  *detail = std::to_string(plan.connections);
  return Status::Ok();
}

Status RunBystander(long fds, std::vector<UniqueFd>* held, std::string* detail) {
  held->reserve(static_cast<size_t>(fds));
  UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
  if (!null.valid()) return Status::Errno("open /dev/null");
  long made = 0;
  while (made + 2 <= fds / 2) {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) return Status::Errno("pipe2");
    held->emplace_back(ends[0]);
    held->emplace_back(ends[1]);
    made += 2;
  }
  // The /dev/null fd itself is one of the dups' kind; count it.
  for (++made; made < fds; ++made) {
    UniqueFd dup(::fcntl(null.get(), F_DUPFD_CLOEXEC, 0));
    if (!dup.valid()) return Status::Errno("dup /dev/null");
    held->push_back(std::move(dup));
  }
  if (fds > 0) held->push_back(std::move(null));
  *detail = std::to_string(fds > 0 ? made : 0);
  return Status::Ok();
}

Status RunFullListeners(int count, std::vector<UniqueFd>* held, std::string* detail) {
  const uint32_t addr = LoopbackAddress(200);
  long queued = 0;
  for (int i = 0; i < count; ++i) {
    const uint16_t port = static_cast<uint16_t>(kFullPortBase + i);
    UniqueFd listener;
    if (Status s = Listen(addr, port, kFullBacklog, &listener); !s.ok()) return s;
    held->push_back(std::move(listener));
    int connected = 0;
    for (int attempt = 0; attempt < kMaxFullAttempts; ++attempt) {
      UniqueFd client;
      // The attempt that times out is the proof the queue is full; its
      // socket is closed here so no SYN-SENT socket lingers and changes
      // state while the benchmark runs.
      if (!ConnectWithin(addr, port, kFullProbeTimeoutMs, &client).ok()) break;
      held->push_back(std::move(client));
      ++connected;
    }
    if (connected < kFullBacklog) {
      return Status::Fail("full listener " + FormatEndpoint(addr, port) + " took only " +
                          std::to_string(connected) + " connections");
    }
    queued += connected;
  }
  *detail = std::to_string(queued);
  return Status::Ok();
}

}  // namespace sockscope::bench
