#include "cli/app.h"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "base/duration.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/usage_help.h"

namespace sockscope::cli {
namespace {

void AddGlobalOptions(CLI::App& app, GlobalOptions& global, std::string& timeout_text) {
  static const std::map<std::string, OutputFormat> kOutputs = {{"table", OutputFormat::kTable},
                                                               {"json", OutputFormat::kJson},
                                                               {"ndjson", OutputFormat::kNdjson},
                                                               {"netstat", OutputFormat::kNetstat}};
  static const std::map<std::string, collect::SourceChoice> kSources = {
      {"auto", collect::SourceChoice::kAuto},
      {"netlink", collect::SourceChoice::kNetlink},
      {"proc", collect::SourceChoice::kProc}};
  static const std::map<std::string, collect::OwnerMethod> kOwnerMethods = {
      {"auto", collect::OwnerMethod::kAuto},
      {"bpf", collect::OwnerMethod::kBpf},
      {"proc", collect::OwnerMethod::kProc}};
  static const std::map<std::string, ColorMode> kColors = {
      {"auto", ColorMode::kAuto}, {"always", ColorMode::kAlways}, {"never", ColorMode::kNever}};
  app.add_option("--format", global.output, "table, json, ndjson (or netstat, for ls)")
      ->transform(CLI::CheckedTransformer(kOutputs, CLI::ignore_case))
      ->option_text("table|json|ndjson|netstat");
  app.add_flag_callback(
         "-j,--json", [&global] { global.output = OutputFormat::kJson; }, "same as --format json")
      ->excludes("--format");
  app.add_option("--source", global.source, "where socket lists come from")
      ->transform(CLI::CheckedTransformer(kSources, CLI::ignore_case))
      ->option_text("auto|netlink|proc");
  app.add_option("--owners", global.owners,
                 "where socket owners come from: the kernel's list of socket fds through a BPF "
                 "iterator (needs CAP_BPF and CAP_PERFMON, or root), or the /proc/PID/fd walk; "
                 "auto tries BPF first")
      ->transform(CLI::CheckedTransformer(kOwnerMethods, CLI::ignore_case))
      ->option_text("auto|bpf|proc");
  app.add_option("--timeout", timeout_text,
                 "one budget for all kernel-facing work of a run (250ms, 2s)")
      ->option_text("DURATION");
  app.add_option("-N,--netns", global.netns, "network namespace: all, NAME, PATH or pid:PID")
      ->option_text("SPEC");
  app.add_option("--container", global.container,
                 "only namespaces of this container (id prefix; implies -N all)")
      ->option_text("ID");
  app.add_option("--pod", global.pod, "only namespaces of this Kubernetes pod (implies -N all)")
      ->option_text("UID");
  app.add_option("--color", global.color, "colour in tables")
      ->transform(CLI::CheckedTransformer(kColors, CLI::ignore_case))
      ->option_text("auto|always|never");
  app.add_option("--proc-root", global.proc_root,
                 "read a recorded /proc tree (implies --source proc)")
      ->group("");  // hidden: for fixtures and bug reports (docs/design.md)
  app.add_option("--record", global.record_dir,
                 "save what this run reads from the kernel into a new directory")
      ->option_text("DIR");
  app.add_option("--replay", global.replay_dir,
                 "run on a recording made with --record, without touching the kernel")
      ->option_text("DIR");
}

bool IsFormatWord(std::string_view w) { return w == "table" || w == "json" || w == "ndjson"; }

// The spellings of the output format before `--format` (docs/cli.md), kept
// for one release: `-o FORMAT`, `-oFORMAT`, `--output FORMAT` and
// `--output=FORMAT` become `--format FORMAT`, with a note on stderr. `-o`
// followed by anything else is left alone: in `ls` it shows timers, as in ss.
std::vector<std::string> RewriteDeprecatedFormat(std::vector<std::string> args, bool& used) {
  std::vector<std::string> out;
  out.reserve(args.size());
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    const bool next_is_format = i + 1 < args.size() && IsFormatWord(args[i + 1]);
    if ((a == "-o" && next_is_format) || a == "--output") {
      used = true;
      out.emplace_back("--format");
      continue;
    }
    const bool attached = a.rfind("-o", 0) == 0 && IsFormatWord(std::string_view(a).substr(2));
    const bool assigned = a.rfind("--output=", 0) == 0;
    if (attached || assigned) {
      used = true;
      out.push_back("--format=" + a.substr(attached ? 2 : std::string_view("--output=").size()));
      continue;
    }
    out.push_back(a);
  }
  return out;
}

}  // namespace

std::unique_ptr<CliDefinition> DefineCli() {
  auto cli = std::make_unique<CliDefinition>();
  CLI::App& app = cli->app;
  app.set_version_flag("-V,--version", SOCKSCOPE_VERSION);
  app.require_subcommand(0, 1);
  app.footer(
      "With no command, sockscope runs `check`. Exit codes: 0 ok, 1 warnings, "
      "2 critical findings, 3 could not inspect, 64 usage error.");
  AddGlobalOptions(app, cli->global, cli->timeout_text);
  AddLsCommand(app, cli->global, cli->action);
  AddListenersCommand(app, cli->global, cli->action);
  AddCheckCommand(app, cli->global, cli->action);
  AddStatsCommand(app, cli->global, cli->action);
  AddServeCommand(app, cli->global, cli->action);
  AddTopCommand(app, cli->global, cli->action);
  AddHelpCommand(app, cli->action);
  AddGlobalOptionsToCommandHelp(app);
  return cli;
}

namespace {

bool Parses(std::vector<std::string> args) {
  auto cli = DefineCli();
  std::reverse(args.begin(), args.end());
  try {
    cli->app.parse(args);
  } catch (const CLI::ParseError&) {
    return false;
  }
  return true;
}

// A hint for the usual slips, or "" : ss flags without `ls` (`sockscope
// -tanp`), a misspelt command (`sockscope lisen`).
std::string Hint(const CLI::App& app, const std::vector<std::string>& args) {
  if (args.empty()) return "";
  std::vector<std::string> as_ls{"ls"};
  as_ls.insert(as_ls.end(), args.begin(), args.end());
  if (args[0].size() > 1 && args[0][0] == '-' && Parses(as_ls)) {
    std::string line = "sockscope";
    for (const auto& a : as_ls) line += " " + a;
    return fmt::format("did you mean `{}`?", line);
  }
  for (const auto& a : args) {
    if (a.empty() || a[0] == '-') continue;
    if (auto nearest = NearestCommand(app, a); nearest && *nearest != a)
      return fmt::format("did you mean the command '{}'?", *nearest);
    break;  // only the first word can be the command
  }
  return "";
}

// The parser's message in our words where we know the case.
std::string UsageMessage(const CLI::ParseError& e) {
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    std::string what = e.what();
    const size_t colon = what.find(": ");
    return "unexpected argument(s): " +
           (colon == std::string::npos ? what : what.substr(colon + 2));
  }
  return e.what();
}

}  // namespace

int RunCli(int argc, char** argv) {
  auto cli = DefineCli();
  CLI::App& app = cli->app;
  GlobalOptions& global = cli->global;
  global.command_line.assign(argv, argv + argc);
  const std::string& timeout_text = cli->timeout_text;
  Action& action = cli->action;

  try {
    bool deprecated = false;
    std::vector<std::string> args =
        RewriteDeprecatedFormat(std::vector<std::string>(argv + 1, argv + argc), deprecated);
    if (deprecated)
      PrintError(
          "note: -o FORMAT and --output are deprecated and will be removed: use --format FORMAT "
          "or -j (in `ls`, -o shows TCP timers, as in ss)");
    std::reverse(args.begin(), args.end());  // CLI11 takes a vector last argument first
    app.parse(args);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    PrintError(UsageMessage(e));
    bool ignored = false;
    const std::string hint = Hint(
        app, RewriteDeprecatedFormat(std::vector<std::string>(argv + 1, argv + argc), ignored));
    PrintError(hint.empty() ? "try 'sockscope --help' or 'sockscope help COMMAND'" : hint);
    return kExitUsage;
  }
  if (!timeout_text.empty()) {
    auto d = base::ParseDuration(timeout_text);
    if (!d) {
      PrintError(fmt::format("--timeout: {}", d.error().message));
      return kExitUsage;
    }
    global.timeout = *d;
  }
  if (global.output == OutputFormat::kNetstat && !app.got_subcommand("ls")) {
    PrintError(
        "--format netstat is a listing format: use it with `ls` (e.g. `sockscope "
        "--format netstat ls -antp`)");
    return kExitUsage;
  }
  if (action) return action();
  return RunDefaultCheck(global);
}

}  // namespace sockscope::cli
