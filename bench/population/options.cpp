#include "options.h"

#include <charconv>
#include <string_view>

namespace sockscope::bench {

const char kPopulationUsage[] =
    "usage: population [--sockets N] [--processes P] [--bystander-fds F]\n"
    "                  [--bystanders B] [--full-listeners L] [--addresses K]\n"
    "                  [--setup-timeout SECONDS]\n"
    "       population baseline\n"
    "       population measure TIMEOUT_SECONDS -- COMMAND [ARGS...]\n"
    "Generator: N counts established TCP sockets, both ends (N/2 connections).\n"
    "Prints \"ready\" once set up, then holds everything until stdin closes or\n"
    "SIGTERM/SIGINT/SIGHUP arrives, then tears it all down.\n";

namespace {

Status ParseNumber(std::string_view name, std::string_view text, long min, long max, long* out) {
  long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Status::Fail(std::string(name) + ": expected an integer in [" + std::to_string(min) +
                        ", " + std::to_string(max) + "], got \"" + std::string(text) + "\"");
  }
  *out = value;
  return Status::Ok();
}

}  // namespace

Status ParsePopulationOptions(int argc, char** argv, int first, PopulationOptions* out) {
  struct Flag {
    std::string_view name;
    long min;
    long max;
    long value;
  };
  Flag flags[] = {
      {"--sockets", 0, 10'000'000, out->sockets},
      {"--processes", 1, 4'000, out->processes},
      {"--bystander-fds", 0, 10'000'000, out->bystander_fds},
      {"--bystanders", 1, 1'000, out->bystanders},
      {"--full-listeners", 0, 50, out->full_listeners},
      {"--addresses", 1, 199, out->addresses},
      {"--setup-timeout", 1, 3600, out->setup_timeout_s},
  };
  for (int i = first; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    if (const auto eq = arg.find('='); eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return Status::Fail(std::string(arg) + ": missing value");
    }
    Flag* match = nullptr;
    for (Flag& flag : flags) {
      if (flag.name == arg) match = &flag;
    }
    if (match == nullptr) return Status::Fail("unknown option " + std::string(arg));
    if (Status s = ParseNumber(arg, value, match->min, match->max, &match->value); !s.ok()) {
      return s;
    }
  }
  out->sockets = flags[0].value;
  out->processes = static_cast<int>(flags[1].value);
  out->bystander_fds = flags[2].value;
  out->bystanders = static_cast<int>(flags[3].value);
  out->full_listeners = static_cast<int>(flags[4].value);
  out->addresses = static_cast<int>(flags[5].value);
  out->setup_timeout_s = static_cast<int>(flags[6].value);
  return Status::Ok();
}

}  // namespace sockscope::bench
