// Shell completion scripts (bash, zsh) from the command line's definition:
// commands, each command's options and the global ones, and the values of
// options that take one of a few words (--format table|json|ndjson).
// Pure functions over values.
#pragma once

#include <string>

#include "cli/cli_model.h"

namespace sockscope::cli {

std::string BashCompletion(const CliModel& model);
std::string ZshCompletion(const CliModel& model);

}  // namespace sockscope::cli
