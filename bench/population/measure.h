// `population measure`: runs one command and reports what it cost, finer
// than GNU time's 10 ms: wall time from a monotonic clock, user+system CPU
// and peak RSS from wait4's rusage (the command and its waited-for children).
#pragma once

namespace sockscope::bench {

// argv: TIMEOUT_SECONDS -- COMMAND [ARGS...]. The command's stdout goes to
// /dev/null, its stderr is inherited. Prints one line on stdout:
//   "<wall_ms> <cpu_ms> <maxrss_kib> <status>"
// where status is the exit code, 128+signal, or "timeout" when it was killed
// at the deadline. Returns 0 when that line was printed, 64 on a usage error,
// 1 when the command could not be started.
int RunMeasure(int argc, char** argv, int first);

}  // namespace sockscope::bench
