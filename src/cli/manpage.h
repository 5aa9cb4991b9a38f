// Man pages in roff (man(7)) from the command line's definition: sockscope(1)
// for the program, its global options and commands, and sockscope-CMD(1)
// for each command's own options. Pure functions over values.
#pragma once

#include <string>
#include <string_view>

#include "cli/cli_model.h"

namespace sockscope::cli {

std::string ProgramManPage(const CliModel& model, std::string_view version);
std::string CommandManPage(const CliModel& model, const CliCommand& command,
                           std::string_view version);

}  // namespace sockscope::cli
