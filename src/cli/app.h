// The command line: parses argv with CLI11 into GlobalOptions and one
// command, runs it, and maps errors to the exit codes of exit_codes.h.
// DefineCli is the one definition of commands and options: --help, the man
// pages and the shell completions (cli/manpage.h, cli/completion.h) are all
// made from it, so they cannot drift apart.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/global_options.h"

namespace sockscope::cli {

struct CliDefinition {
  CLI::App app{"sockscope: see and explain what the Linux TCP stack does with your sockets",
               "sockscope"};
  GlobalOptions global;
  std::string timeout_text;
  Action action;  // set by the command the parse chose
};

std::unique_ptr<CliDefinition> DefineCli();

int RunCli(int argc, char** argv);

}  // namespace sockscope::cli
