#include "cli/record_replay.h"

#include <ctime>

#include <fmt/format.h>

#include "cli/global_options.h"
#include "procfs/proc_fs_record.h"
#include "sys/files.h"
#include "sys/netlink_record.h"

namespace sockscope::cli {
namespace {

using base::ErrorKind;
using base::MakeError;
using base::Result;

constexpr const char* kManifest = "manifest";
constexpr const char* kNetlinkFile = "netlink.rec";
constexpr const char* kProcFile = "procfs.rec";

std::string UtcNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<void> CheckManifest(const std::string& dir) {
  auto text = sys::ReadRecordingFile(dir + "/" + kManifest);
  if (!text) return text.error().Wrap("--replay " + dir);
  std::string first = text->substr(0, text->find('\n'));
  if (first != sys::kRecordFileMagic)
    return MakeError(ErrorKind::kMalformed,
                     "--replay " + dir +
                         ": not a sockscope recording of format 1 (manifest starts '" +
                         first.substr(0, 40) + "')");
  return {};
}

}  // namespace

std::string RecordingManifest(const std::vector<std::string>& command_line, std::string_view time) {
  std::string command;
  for (const auto& a : command_line) {
    if (!command.empty()) command += ' ';
    for (char c : a) command += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return fmt::format("{}\nsockscope {}\ntime {}\ncommand {}\nfiles {} {}\n", sys::kRecordFileMagic,
                     SOCKSCOPE_VERSION, time, command, kNetlinkFile, kProcFile);
}

Result<std::unique_ptr<KernelAccess>> OpenKernel(const GlobalOptions& options) {
  auto k = std::make_unique<KernelAccess>();
  const bool record = !options.record_dir.empty(), replay = !options.replay_dir.empty();
  if ((record || replay) && UsesNetns(options))
    return MakeError(ErrorKind::kUsage,
                     "--record and --replay cover one network namespace: they cannot be combined "
                     "with --netns, --container or --pod");
  if (record && replay)
    return MakeError(ErrorKind::kUsage, "--record and --replay cannot be combined");
  if (replay) {
    if (!options.proc_root.empty())
      return MakeError(ErrorKind::kUsage, "--replay cannot be combined with --proc-root");
    const std::string& dir = options.replay_dir;
    if (auto m = CheckManifest(dir); !m) return m.error();
    auto nl = sys::ReadRecordingFile(dir + "/" + kNetlinkFile);
    if (!nl) return nl.error().Wrap("--replay " + dir);
    auto opener = sys::MakeReplayNetlinkOpener(*nl);
    if (!opener) return opener.error().Wrap("--replay " + dir);
    auto pf = sys::ReadRecordingFile(dir + "/" + kProcFile);
    if (!pf) return pf.error().Wrap("--replay " + dir);
    auto proc = procfs::MakeReplayProcFs(*pf);
    if (!proc) return proc.error().Wrap("--replay " + dir);
    k->netlink_owned_ = std::move(*opener);
    k->proc_owned_ = std::move(*proc);
    k->netlink_ = k->netlink_owned_.get();
    k->proc_ = k->proc_owned_.get();
    return k;
  }

  auto proc = procfs::MakeRealProcFs(sys::RealFiles(),
                                     options.proc_root.empty() ? "/proc" : options.proc_root);
  if (!proc) return proc.error().Wrap("cannot open the /proc tree");
  k->real_proc_ = std::move(*proc);
  k->proc_ = k->real_proc_.get();
  k->netlink_ = options.proc_root.empty() ? &sys::RealNetlinkOpener() : nullptr;
  if (!record && options.proc_root.empty()) k->socket_fds_ = sys::MakeBpfSocketFdSource();
  if (!record) return k;

  const std::string& dir = options.record_dir;
  if (auto d = sys::CreateRecordingDir(dir); !d) return d.error().Wrap("--record");
  if (auto m = sys::WriteNewFile(dir + "/" + kManifest,
                                 RecordingManifest(options.command_line, UtcNow()));
      !m)
    return m.error().Wrap("--record");
  auto nl_out = sys::CreateRecordFile(dir + "/" + kNetlinkFile);
  if (!nl_out) return nl_out.error().Wrap("--record");
  auto proc_out = sys::CreateRecordFile(dir + "/" + kProcFile);
  if (!proc_out) return proc_out.error().Wrap("--record");
  k->netlink_out_ = std::move(*nl_out);
  k->proc_out_ = std::move(*proc_out);
  if (k->netlink_) {
    k->netlink_owned_ = sys::MakeRecordingNetlinkOpener(*k->netlink_, *k->netlink_out_);
    k->netlink_ = k->netlink_owned_.get();
  }
  k->proc_owned_ = procfs::MakeRecordingProcFs(*k->proc_, *k->proc_out_);
  k->proc_ = k->proc_owned_.get();
  return k;
}

}  // namespace sockscope::cli
