// What each child of the population generator builds and then holds until it
// is killed. Every role returns the fds it must keep open in `held`, and a
// one-line detail for the parent's summary in `detail`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "status.h"

namespace sockscope::bench {

// One listener on addr:port and `connections` loopback connections to it;
// the process keeps both ends of each.
struct WorkerPlan {
  uint32_t addr = 0;
  uint16_t port = 0;
  long connections = 0;
};
Status RunWorker(const WorkerPlan& plan, std::vector<UniqueFd>* held, std::string* detail);

// `fds` non-socket descriptors: about half pipe ends, half dups of /dev/null.
Status RunBystander(long fds, std::vector<UniqueFd>* held, std::string* detail);

// `count` listeners on 127.0.0.200 with a tiny backlog that are never
// accepted from; clients are connected until the queue refuses one more.
// Detail: connections left in accept queues (no process owns their server end).
Status RunFullListeners(int count, std::vector<UniqueFd>* held, std::string* detail);

// Ports: workers listen on kWorkerPortBase + index (at most 4000 workers),
// full listeners on kFullPortBase + index (at most 50); all lie below the
// ephemeral range the generator sets (10000-65535), and 9050-9999 stays free
// for the exporters the benchmark starts.
inline constexpr uint16_t kWorkerPortBase = 5000;
inline constexpr uint16_t kFullPortBase = 9000;
inline constexpr int kFullBacklog = 4;

}  // namespace sockscope::bench
