// Exit codes, the contract of docs/cli.md.
#pragma once

#include "base/error.h"

namespace sockscope::cli {

constexpr int kExitOk = 0;
constexpr int kExitWarnings = 1;       // check: warning findings
constexpr int kExitCritical = 2;       // check: critical findings
constexpr int kExitCannotInspect = 3;  // permission, kernel interface missing, timeout
constexpr int kExitUsage = 64;         // EX_USAGE
constexpr int kExitOutputFailed = 74;  // EX_IOERR: writing to stdout failed (not EPIPE)

inline int ExitCodeFor(const base::Error& error) {
  return error.kind == base::ErrorKind::kUsage ? kExitUsage : kExitCannotInspect;
}

}  // namespace sockscope::cli
