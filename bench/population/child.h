// Forking the generator's children. A child runs its role, reports one line on
// a pipe ("ok DETAIL" or "error MESSAGE"), then holds its fds until it is
// killed. It dies with the parent (PR_SET_PDEATHSIG), so a crashed or killed
// generator leaves nothing behind.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "status.h"

namespace sockscope::bench {

using Role = std::function<Status(std::vector<UniqueFd>* held, std::string* detail)>;

struct Child {
  pid_t pid = -1;
  std::string kind;
  // Read end of the child's report pipe. EOF after the report means the child died.
  UniqueFd report;
  std::string line;
  bool reported = false;
};

// Forks a child that runs `role` with `child_mask` as its signal mask.
// On failure no process is left running.
Status SpawnChild(const std::string& kind, const Role& role, const sigset_t& child_mask,
                  Child* out);

// SIGKILLs every child still known and reaps them all.
void KillAndReap(std::vector<Child>* children);

}  // namespace sockscope::bench
