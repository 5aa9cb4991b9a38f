// The commands of docs/cli.md, one file each. Every Add*Command registers a
// CLI11 subcommand and sets `action` to run it after parsing; the action
// returns the process exit code.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

namespace sockscope::cli {

using Action = std::function<int()>;

CLI::App* AddLsCommand(CLI::App& app, const GlobalOptions& global, Action& action);
CLI::App* AddListenersCommand(CLI::App& app, const GlobalOptions& global, Action& action);
CLI::App* AddCheckCommand(CLI::App& app, const GlobalOptions& global, Action& action);
CLI::App* AddStatsCommand(CLI::App& app, const GlobalOptions& global, Action& action);
CLI::App* AddServeCommand(CLI::App& app, const GlobalOptions& global, Action& action);
CLI::App* AddTopCommand(CLI::App& app, const GlobalOptions& global, Action& action);

// `sockscope` with no command runs check with its defaults.
int RunDefaultCheck(const GlobalOptions& global);

}  // namespace sockscope::cli
