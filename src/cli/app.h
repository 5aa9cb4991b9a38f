// The command line: parses argv with CLI11 into GlobalOptions and one
// command, runs it, and maps errors to the exit codes of exit_codes.h.
#pragma once

namespace sockscope::cli {

int RunCli(int argc, char** argv);

}  // namespace sockscope::cli
