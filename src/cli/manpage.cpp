#include "cli/manpage.h"

#include <fmt/format.h>

namespace sockscope::cli {
namespace {

// Text safe for roff: backslashes doubled as \e, a line never starts with a
// control character, '-' written \- so options render as hyphens.
std::string Roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  return out;
}

std::string OptionNames(const CliOption& o) {
  std::string out;
  for (const auto& s : o.short_names)
    out += fmt::format("{}\\fB\\-{}\\fR", out.empty() ? "" : ", ", Roff(s));
  for (const auto& l : o.long_names)
    out += fmt::format("{}\\fB\\-\\-{}\\fR", out.empty() ? "" : ", ", Roff(l));
  if (o.takes_value) out += fmt::format(" \\fI{}\\fR", Roff(o.value_text));
  return out;
}

void Options(std::string& out, const std::vector<CliOption>& options) {
  for (const auto& o : options) {
    out += ".TP\n" + OptionNames(o) + "\n";
    out += Roff(o.description.empty() ? std::string("(no description)") : o.description) + "\n";
  }
}

std::string Header(std::string_view title, std::string_view version) {
  return fmt::format(".TH {} 1 \"\" \"sockscope {}\" \"User Commands\"\n", title, Roff(version));
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

const char* kExitStatus =
    ".SH EXIT STATUS\n"
    ".TP\n0\nno findings, or only informational ones; for listings: complete\n"
    ".TP\n1\nwarnings\n"
    ".TP\n2\ncritical findings\n"
    ".TP\n3\ncould not inspect everything: the result is missing data and says which\n"
    ".TP\n64\nusage error\n"
    ".TP\n74\nthe output could not be written\n";

}  // namespace

std::string ProgramManPage(const CliModel& model, std::string_view version) {
  std::string out = Header("SOCKSCOPE", version);
  out += ".SH NAME\nsockscope \\- " +
         Roff(model.program.description.substr(model.program.description.find(": ") ==
                                                       std::string::npos
                                                   ? 0
                                                   : model.program.description.find(": ") + 2)) +
         "\n";
  out +=
      ".SH SYNOPSIS\n.B sockscope\n[\\fIGLOBAL OPTIONS\\fR] [\\fICOMMAND\\fR] "
      "[\\fICOMMAND OPTIONS\\fR]\n";
  out += ".SH DESCRIPTION\n" + Roff(model.footer) + "\n";
  out += ".SH GLOBAL OPTIONS\nThese go before or after the command.\n";
  Options(out, model.program.options);
  out += ".SH COMMANDS\n";
  for (const auto& c : model.commands)
    out += fmt::format(".TP\n\\fB{}\\fR\n{} See \\fBsockscope\\-{}\\fR(1).\n", Roff(c.name),
                       Roff(c.description), Roff(c.name));
  out += kExitStatus;
  out += ".SH SEE ALSO\n";
  for (size_t i = 0; i < model.commands.size(); ++i)
    out += fmt::format("\\fBsockscope\\-{}\\fR(1), ", Roff(model.commands[i].name));
  out += "\\fBss\\fR(8), \\fBnetstat\\fR(8)\n";
  return out;
}

std::string CommandManPage(const CliModel& model, const CliCommand& command,
                           std::string_view version) {
  std::string out = Header("SOCKSCOPE\\-" + Upper(Roff(command.name)), version);
  out += fmt::format(".SH NAME\nsockscope\\-{} \\- {}\n", Roff(command.name),
                     Roff(command.description));
  out += fmt::format(
      ".SH SYNOPSIS\n.B sockscope\n[\\fIGLOBAL OPTIONS\\fR] \\fB{}\\fR "
      "[\\fIOPTIONS\\fR]",
      Roff(command.name));
  for (const auto& p : command.positionals) out += fmt::format(" [\\fI{}\\fR...]", Roff(p));
  out += "\n.SH OPTIONS\n";
  Options(out, command.options);
  out += ".SH GLOBAL OPTIONS\nSee \\fBsockscope\\fR(1); they go before or after the command.\n";
  Options(out, model.program.options);
  out += kExitStatus;
  out += ".SH SEE ALSO\n\\fBsockscope\\fR(1)\n";
  return out;
}

}  // namespace sockscope::cli
