// The command line as plain values, read from the CLI11 definition
// (cli/app.h DefineCli): what the man pages and shell completions are made
// of, so they list exactly what the parser accepts.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace sockscope::cli {

struct CliOption {
  std::vector<std::string> short_names;  // "j" for -j
  std::vector<std::string> long_names;   // "json" for --json
  std::string value_text;                // "DURATION", "auto|netlink|proc"; "" for a flag
  std::string description;
  bool takes_value = false;
  // Words the value may be, from an "a|b|c" value text; empty when free.
  std::vector<std::string> choices;
};

struct CliCommand {
  std::string name;  // "" for the program itself
  std::string description;
  std::vector<CliOption> options;        // visible ones, in definition order
  std::vector<std::string> positionals;  // "FILTER"...
};

struct CliModel {
  CliCommand program;                // global options
  std::vector<CliCommand> commands;  // subcommands, in definition order
  std::string footer;
};

CliModel ReadCliModel(const CLI::App& app);

}  // namespace sockscope::cli
