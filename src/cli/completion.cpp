#include "cli/completion.h"

#include <fmt/format.h>

namespace sockscope::cli {
namespace {

std::string Words(const std::vector<CliOption>& options) {
  std::string out;
  for (const auto& o : options) {
    for (const auto& s : o.short_names) out += (out.empty() ? "-" : " -") + s;
    for (const auto& l : o.long_names) out += (out.empty() ? "--" : " --") + l;
  }
  return out;
}

// Our own option names and words only: nothing here comes from outside the
// program, but quote for the shell anyway.
std::string SingleQuoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// zsh _arguments specs escape ':' '[' ']' and '\' in descriptions.
std::string ZshDescription(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ':' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// Values that name files or directories complete as paths; other free
// values (durations, names) have nothing to offer.
bool TakesPath(const CliOption& o) {
  return o.value_text.find("DIR") != std::string::npos ||
         o.value_text.find("FILE") != std::string::npos ||
         o.value_text.find("PATH") != std::string::npos;
}

std::string ZshSpecs(const std::vector<CliOption>& options) {
  std::string out;
  for (const auto& o : options) {
    std::vector<std::string> names;
    for (const auto& s : o.short_names) names.push_back("-" + s);
    for (const auto& l : o.long_names) names.push_back("--" + l);
    std::string value;
    if (o.takes_value) {
      value = ":" + ZshDescription(o.value_text) + ":";
      if (!o.choices.empty()) {
        value += "(";
        for (size_t i = 0; i < o.choices.size(); ++i) value += (i ? " " : "") + o.choices[i];
        value += ")";
      } else {
        value += TakesPath(o) ? "_files" : " ";
      }
    }
    for (const auto& n : names)
      out += "    " + SingleQuoted(n + "[" + ZshDescription(o.description) + "]" + value) + "\n";
  }
  return out;
}

}  // namespace

std::string BashCompletion(const CliModel& model) {
  std::string commands;
  for (const auto& c : model.commands) commands += (commands.empty() ? "" : " ") + c.name;
  std::string out =
      "# bash completion for sockscope, generated from its command-line definition\n"
      "_sockscope() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      "  local command='' i\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case ${COMP_WORDS[i]} in\n      " +
      [&] {
        std::string alts;
        for (const auto& c : model.commands) alts += (alts.empty() ? "" : "|") + c.name;
        return alts;
      }() +
      ") command=${COMP_WORDS[i]}; break ;;\n"
      "    esac\n"
      "  done\n"
      "  case $prev in\n";
  auto values = [&](const std::vector<CliOption>& options) {
    for (const auto& o : options) {
      if (!o.takes_value) continue;
      std::string names;
      for (const auto& s : o.short_names) names += (names.empty() ? "-" : "|-") + s;
      for (const auto& l : o.long_names) names += (names.empty() ? "--" : "|--") + l;
      std::string words;
      for (const auto& w : o.choices) words += (words.empty() ? "" : " ") + w;
      if (words.empty() && TakesPath(o))
        out += "    " + names + ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
      else if (words.empty())
        out += "    " + names + ") COMPREPLY=(); return ;;\n";
      else
        out += "    " + names + ") COMPREPLY=($(compgen -W " + SingleQuoted(words) +
               " -- \"$cur\")); return ;;\n";
    }
  };
  values(model.program.options);
  for (const auto& c : model.commands) values(c.options);
  out += "  esac\n  local words\n  case $command in\n";
  for (const auto& c : model.commands)
    out += "    " + c.name + ") words=" + SingleQuoted(Words(c.options)) + " ;;\n";
  out += "    *) words=" + SingleQuoted(commands) + " ;;\n  esac\n";
  out += "  COMPREPLY=($(compgen -W \"$words \"" + SingleQuoted(Words(model.program.options)) +
         " -- \"$cur\"))\n}\ncomplete -F _sockscope sockscope\n";
  return out;
}

std::string ZshCompletion(const CliModel& model) {
  std::string out =
      "#compdef sockscope\n"
      "# zsh completion for sockscope, generated from its command-line definition\n"
      "_sockscope() {\n"
      "  local -a commands global\n"
      "  commands=(\n";
  for (const auto& c : model.commands)
    out += "    " + SingleQuoted(c.name + ":" + ZshDescription(c.description)) + "\n";
  out += "  )\n  global=(\n" + ZshSpecs(model.program.options) + "  )\n";
  for (const auto& c : model.commands)
    out += "  local -a options_" + c.name + "\n  options_" + c.name + "=(\n" + ZshSpecs(c.options) +
           "  )\n";
  out +=
      "  local curcontext=$curcontext state line\n"
      "  _arguments -C $global '1: :->command' '*:: :->args' && return\n"
      "  case $state in\n"
      "    command) _describe command commands ;;\n"
      "    args)\n"
      "      case $line[1] in\n";
  for (const auto& c : model.commands)
    out += "        " + c.name + ") _arguments $global $options_" + c.name + " '*:filter:' ;;\n";
  out += "      esac ;;\n  esac\n}\n_sockscope \"$@\"\n";
  return out;
}

}  // namespace sockscope::cli
