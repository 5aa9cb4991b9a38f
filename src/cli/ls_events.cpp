#include "cli/ls_events.h"

#include <signal.h>

#include <cerrno>
#include <chrono>

#include "cli/exit_codes.h"
#include "cli/output.h"
#include "netlink/sock_events.h"
#include "render/json_writer.h"
#include "render/socket_json.h"
#include "render/socket_table.h"

namespace sockscope::cli {
namespace {

// How often the watch looks for a stop signal between events.
constexpr std::chrono::milliseconds kPoll{200};

}  // namespace

int RunLsEvents(const EventsRun& run, sys::NetlinkOpener& opener) {
  // Stop signals are blocked and polled (sigpending) between receives: the
  // watch ends within kPoll of SIGINT or SIGTERM, with no handler.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  auto stopped = [] {
    sigset_t pending;
    sigemptyset(&pending);
    if (sigpending(&pending) != 0) return false;
    return sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGTERM) == 1;
  };

  netlink::EventGroups groups;
  const auto& sel = run.selection;
  groups.tcp4 = sel.tcp && sel.inet4;
  groups.tcp6 = sel.tcp && sel.inet6;
  groups.udp4 = sel.udp && sel.inet4;
  groups.udp6 = sel.udp && sel.inet6;
  auto events = netlink::DestroyEvents::Open(opener, groups);
  if (!events) {
    PrintError("-E: " + events.error().message);
    return kExitCannotInspect;
  }

  std::string out;
  bool header = run.view.header && !run.ndjson;
  if (header) {
    // The header alone, at once: it also tells a reader the watch is on.
    model::Snapshot empty;
    render::RenderSocketTable(empty, {}, run.view, out);
    if (WriteStdout(out) != WriteStatus::kOk) return 0;
    out.clear();
  }
  render::SocketView rows_view = run.view;
  rows_view.header = false;
  while (!stopped()) {
    auto batch = (*events)->Next(base::Deadline::After(kPoll));
    if (!batch) {
      if (batch.error().errnum == ENOBUFS) {
        PrintError("warning: -E: events were lost (the kernel's queue overflowed)");
        continue;
      }
      PrintError("-E: " + batch.error().message);
      return kExitCannotInspect;
    }
    model::Snapshot snap;
    for (auto& s : *batch)
      if (filter::Matches(*run.filter, s)) snap.sockets.push_back(std::move(s));
    if (snap.sockets.empty()) continue;
    std::vector<size_t> shown(snap.sockets.size());
    for (size_t i = 0; i < shown.size(); ++i) shown[i] = i;
    if (run.ndjson) {
      for (const auto& s : snap.sockets) {
        render::JsonWriter w(out);
        render::WriteSocketJson(w, s, {}, rows_view);
        out += '\n';
      }
    } else {
      render::RenderSocketTable(snap, shown, rows_view, out);
    }
    if (WriteStdout(out) != WriteStatus::kOk) return 0;  // the reader left
    out.clear();
  }
  return 0;
}

}  // namespace sockscope::cli
