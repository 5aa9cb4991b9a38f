#include "cli/cli_model.h"

namespace sockscope::cli {
namespace {

std::vector<std::string> Choices(const std::string& value_text) {
  std::vector<std::string> out;
  if (value_text.find('|') == std::string::npos) return out;
  size_t at = 0;
  while (at <= value_text.size()) {
    size_t bar = value_text.find('|', at);
    std::string word = value_text.substr(at, bar == std::string::npos ? bar : bar - at);
    if (word.empty()) return {};
    out.push_back(word);
    if (bar == std::string::npos) break;
    at = bar + 1;
  }
  return out;
}

CliCommand ReadCommand(const CLI::App& app, const std::string& name) {
  CliCommand c;
  c.name = name;
  c.description = app.get_description();
  for (const CLI::Option* o : app.get_options([](const CLI::Option*) { return true; })) {
    if (o->get_group().empty()) continue;  // hidden
    if (!o->nonpositional()) {
      c.positionals.push_back(o->get_option_text().empty() ? o->get_name() : o->get_option_text());
      continue;
    }
    CliOption opt;
    opt.short_names = o->get_snames();
    opt.long_names = o->get_lnames();
    opt.description = o->get_description();
    opt.takes_value = o->get_type_size_max() > 0 && o->get_expected_max() > 0;
    if (opt.takes_value) {
      opt.value_text = o->get_option_text();
      if (opt.value_text.empty()) opt.value_text = o->get_type_name();
      opt.choices = Choices(opt.value_text);
    }
    c.options.push_back(std::move(opt));
  }
  return c;
}

}  // namespace

CliModel ReadCliModel(const CLI::App& app) {
  CliModel m;
  m.program = ReadCommand(app, "");
  m.footer = app.get_footer();
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    m.commands.push_back(ReadCommand(*sub, sub->get_name()));
  return m;
}

}  // namespace sockscope::cli
