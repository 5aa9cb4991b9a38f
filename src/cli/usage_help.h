// Help for people who type: `sockscope help [COMMAND]`, the global options
// listed in every command's --help, and a hint for the usual slips (a
// command misspelt, ss flags without `ls`). Words are ours; the parser's
// own messages are only the fallback.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"

namespace sockscope::cli {

// Adds `help [COMMAND]`: prints the program's or the command's --help.
void AddHelpCommand(CLI::App& app, Action& action);

// Appends to every command's footer the global options it also takes (read
// from the definition, so the list cannot drift) and the program's footer.
void AddGlobalOptionsToCommandHelp(CLI::App& app);

// The command nearest to `word` (edit distance at most 2), if any.
std::optional<std::string> NearestCommand(const CLI::App& app, std::string_view word);

// Levenshtein distance; pure.
size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace sockscope::cli
