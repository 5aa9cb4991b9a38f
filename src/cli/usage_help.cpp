#include "cli/usage_help.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/cli_model.h"
#include "cli/exit_codes.h"
#include "cli/output.h"

namespace sockscope::cli {

void AddHelpCommand(CLI::App& app, Action& action) {
  auto topic = std::make_shared<std::string>();
  CLI::App* help = app.add_subcommand("help", "Show the help of sockscope or of one command");
  help->add_option("command", *topic, "the command to explain")->option_text("COMMAND");
  help->callback([&app, &action, topic] {
    action = [&app, topic]() -> int {
      // Through the formatter: App::help() would show the help of the
      // subcommand the parse selected, `help` itself.
      if (topic->empty()) {
        std::cout << app.get_formatter()->make_help(&app, "sockscope", CLI::AppFormatMode::Normal);
        return kExitOk;
      }
      for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        if (sub->get_name() == *topic) {
          std::cout << sub->help("sockscope");
          return kExitOk;
        }
      auto nearest = NearestCommand(app, *topic);
      PrintError(fmt::format("help: no command '{}'{}", *topic,
                             nearest ? fmt::format("; did you mean '{}'?", *nearest) : ""));
      return kExitUsage;
    };
  });
}

void AddGlobalOptionsToCommandHelp(CLI::App& app) {
  const CliModel model = ReadCliModel(app);
  std::string names;
  for (const auto& o : model.program.options) {
    if (!o.long_names.empty() && (o.long_names[0] == "help" || o.long_names[0] == "version"))
      continue;
    std::string n;
    for (const auto& s : o.short_names) n += (n.empty() ? "-" : "/-") + s;
    for (const auto& l : o.long_names) n += (n.empty() ? "--" : "/--") + l;
    names += (names.empty() ? "" : ", ") + n;
  }
  const std::string footer = fmt::format(
      "Global options, before or after the command: {} (sockscope --help explains them).\n{}",
      names, app.get_footer());
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) sub->footer(footer);
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> NearestCommand(const CLI::App& app, std::string_view word) {
  std::optional<std::string> best;
  size_t best_distance = 3;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    const size_t d = EditDistance(word, sub->get_name());
    if (d < best_distance) {
      best_distance = d;
      best = sub->get_name();
    }
  }
  return best;
}

}  // namespace sockscope::cli
