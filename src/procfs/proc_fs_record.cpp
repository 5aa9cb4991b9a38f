#include "procfs/proc_fs_record.h"

#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace sockscope::procfs {
namespace {

using base::ErrorKind;
using base::MakeError;
using base::Result;

std::string PidPrefix(std::optional<int32_t> pid) {
  return pid ? std::to_string(*pid) + "/" : std::string();
}

std::string JoinNumbers(const std::vector<int32_t>& v) {
  std::string out;
  for (int32_t n : v) {
    if (!out.empty()) out += ' ';
    out += std::to_string(n);
  }
  return out;
}

template <typename T>
void Put(sys::RecordWriter& out, const std::string& key, const Result<T>& r,
         std::string_view payload) {
  std::vector<std::string> fields{key};
  if (r) {
    fields.push_back("ok");
    out.Append(fields, payload);
  } else {
    sys::AppendErrorFields(r.error(), fields);
    out.Append(fields, {});
  }
}

// ---- recording

class RecordingPidDir final : public PidDir {
 public:
  RecordingPidDir(std::unique_ptr<PidDir> inner, sys::RecordWriter& out)
      : inner_(std::move(inner)), out_(out), prefix_(std::to_string(inner_->pid()) + "/") {}
  int32_t pid() const override { return inner_->pid(); }
  Result<std::string> ReadComm() override {
    auto r = inner_->ReadComm();
    Put(out_, prefix_ + "comm", r, r ? std::string_view(*r) : std::string_view());
    return r;
  }
  Result<std::vector<int32_t>> ListFds() override {
    auto r = inner_->ListFds();
    Put(out_, prefix_ + "fd", r, r ? JoinNumbers(*r) : std::string());
    return r;
  }
  Result<std::string_view> ReadFdLink(int32_t fd, std::span<char> buf) override {
    auto r = inner_->ReadFdLink(fd, buf);
    std::string_view kept = "-";
    if (r && (r->substr(0, 7) == "socket:" || *r == "anon_inode:[eventpoll]")) kept = *r;
    Put(out_, prefix_ + "fd/" + std::to_string(fd), r, kept);
    return r;
  }
  Result<std::string> ReadStat() override {
    auto r = inner_->ReadStat();
    Put(out_, prefix_ + "stat", r, r ? std::string_view(*r) : std::string_view());
    return r;
  }
  Result<std::string> ReadFdInfo(int32_t fd) override {
    auto r = inner_->ReadFdInfo(fd);
    Put(out_, prefix_ + "fdinfo/" + std::to_string(fd), r,
        r ? std::string_view(*r) : std::string_view());
    return r;
  }

 private:
  std::unique_ptr<PidDir> inner_;
  sys::RecordWriter& out_;
  std::string prefix_;
};

class RecordingProcFs final : public ProcFs {
 public:
  RecordingProcFs(ProcFs& inner, sys::RecordWriter& out) : inner_(inner), out_(out) {}
  // Records what a thread-self view reads under the same keys: recordings
  // are of one namespace (--record with -N is refused).
  RecordingProcFs(std::unique_ptr<ProcFs> view, sys::RecordWriter& out)
      : owned_(std::move(view)), inner_(*owned_), out_(out) {}
  std::unique_ptr<ProcFs> ForThreadNetns() override {
    return std::make_unique<RecordingProcFs>(inner_.ForThreadNetns(), out_);
  }
  Result<std::string> ReadNetFile(std::string_view name, std::optional<int32_t> pid) override {
    auto r = inner_.ReadNetFile(name, pid);
    Put(out_, PidPrefix(pid) + "net/" + std::string(name), r, r ? *r : std::string());
    return r;
  }
  Result<std::string> ReadSysctl(std::string_view key) override {
    auto r = inner_.ReadSysctl(key);
    Put(out_, "sys/" + std::string(key), r, r ? *r : std::string());
    return r;
  }
  Result<std::string> ReadNetnsLink(std::optional<int32_t> pid) override {
    auto r = inner_.ReadNetnsLink(pid);
    Put(out_, (pid ? std::to_string(*pid) : "self") + "/ns/net", r, r ? *r : std::string());
    return r;
  }
  Result<std::vector<int32_t>> ListPids() override {
    auto r = inner_.ListPids();
    Put(out_, "pids", r, r ? JoinNumbers(*r) : std::string());
    return r;
  }
  Result<std::unique_ptr<PidDir>> OpenPid(int32_t pid) override {
    auto r = inner_.OpenPid(pid);
    Put(out_, std::to_string(pid), r, {});
    if (!r) return r.error();
    return std::unique_ptr<PidDir>(std::make_unique<RecordingPidDir>(std::move(*r), out_));
  }

 private:
  std::unique_ptr<ProcFs> owned_;  // set for a thread-self view; declared before inner_
  ProcFs& inner_;
  sys::RecordWriter& out_;
};

// ---- replay

class Answers {
 public:
  void Add(std::string key, Result<std::string> answer) {
    map_[std::move(key)].answers.push_back(std::move(answer));
  }
  Result<std::string> Next(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end())
      return MakeError(ErrorKind::kNotFound, "/proc/" + key + ": not in the recording");
    auto& e = it->second;
    size_t i = std::min(e.served++, e.answers.size() - 1);
    return e.answers[i];
  }

 private:
  struct Entry {
    std::vector<Result<std::string>> answers;
    size_t served = 0;
  };
  std::mutex mu_;
  std::map<std::string, Entry> map_;
};

Result<std::vector<int32_t>> SplitNumbers(const Result<std::string>& r, const std::string& key) {
  if (!r) return r.error();
  std::vector<int32_t> out;
  std::string_view s = *r;
  while (!s.empty()) {
    size_t sp = s.find(' ');
    auto n = ParseDirNumber(s.substr(0, sp));
    if (!n) return MakeError(ErrorKind::kMalformed, "recording of /proc/" + key + ": bad number");
    out.push_back(*n);
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
  }
  return out;
}

class ReplayPidDir final : public PidDir {
 public:
  ReplayPidDir(Answers& answers, int32_t pid)
      : answers_(answers), pid_(pid), prefix_(std::to_string(pid) + "/") {}
  int32_t pid() const override { return pid_; }
  Result<std::string> ReadComm() override { return answers_.Next(prefix_ + "comm"); }
  Result<std::vector<int32_t>> ListFds() override {
    return SplitNumbers(answers_.Next(prefix_ + "fd"), prefix_ + "fd");
  }
  Result<std::string_view> ReadFdLink(int32_t fd, std::span<char> buf) override {
    auto r = answers_.Next(prefix_ + "fd/" + std::to_string(fd));
    if (!r) return r.error();
    size_t n = std::min(r->size(), buf.size());
    if (n) std::memcpy(buf.data(), r->data(), n);
    return std::string_view(buf.data(), n);
  }
  Result<std::string> ReadStat() override { return answers_.Next(prefix_ + "stat"); }
  Result<std::string> ReadFdInfo(int32_t fd) override {
    return answers_.Next(prefix_ + "fdinfo/" + std::to_string(fd));
  }

 private:
  Answers& answers_;
  int32_t pid_;
  std::string prefix_;
};

// A replay has one namespace: a thread-self view answers like the replay.
class ReplayView final : public ProcFs {
 public:
  explicit ReplayView(ProcFs& replay) : replay_(replay) {}
  Result<std::string> ReadNetFile(std::string_view name, std::optional<int32_t> pid) override {
    return replay_.ReadNetFile(name, pid);
  }
  Result<std::string> ReadSysctl(std::string_view key) override { return replay_.ReadSysctl(key); }
  Result<std::string> ReadNetnsLink(std::optional<int32_t> pid) override {
    return replay_.ReadNetnsLink(pid);
  }
  Result<std::vector<int32_t>> ListPids() override { return replay_.ListPids(); }
  Result<std::unique_ptr<PidDir>> OpenPid(int32_t pid) override { return replay_.OpenPid(pid); }
  std::unique_ptr<ProcFs> ForThreadNetns() override {
    return std::make_unique<ReplayView>(replay_);
  }

 private:
  ProcFs& replay_;
};

class ReplayProcFs final : public ProcFs {
 public:
  explicit ReplayProcFs(std::unique_ptr<Answers> answers) : answers_(std::move(answers)) {}
  std::unique_ptr<ProcFs> ForThreadNetns() override { return std::make_unique<ReplayView>(*this); }
  Result<std::string> ReadNetFile(std::string_view name, std::optional<int32_t> pid) override {
    return answers_->Next(PidPrefix(pid) + "net/" + std::string(name));
  }
  Result<std::string> ReadSysctl(std::string_view key) override {
    return answers_->Next("sys/" + std::string(key));
  }
  Result<std::string> ReadNetnsLink(std::optional<int32_t> pid) override {
    return answers_->Next((pid ? std::to_string(*pid) : "self") + "/ns/net");
  }
  Result<std::vector<int32_t>> ListPids() override {
    return SplitNumbers(answers_->Next("pids"), "pids");
  }
  Result<std::unique_ptr<PidDir>> OpenPid(int32_t pid) override {
    auto r = answers_->Next(std::to_string(pid));
    if (!r) return r.error();
    return std::unique_ptr<PidDir>(std::make_unique<ReplayPidDir>(*answers_, pid));
  }

 private:
  std::unique_ptr<Answers> answers_;
};

}  // namespace

std::unique_ptr<ProcFs> MakeRecordingProcFs(ProcFs& inner, sys::RecordWriter& out) {
  return std::make_unique<RecordingProcFs>(inner, out);
}

Result<std::unique_ptr<ProcFs>> MakeReplayProcFs(std::string_view file) {
  auto records = sys::ParseRecords(file, "procfs.rec");
  if (!records) return records.error();
  auto answers = std::make_unique<Answers>();
  size_t n = 0;
  for (const auto& r : *records) {
    ++n;
    const auto& f = r.fields;
    auto bad = [&](const std::string& why) {
      return MakeError(ErrorKind::kMalformed, fmt::format("procfs.rec: record {}: {}", n, why));
    };
    if (f.size() < 2 || f[0].empty()) return bad("too few fields");
    if (f[1] == "ok") {
      if (f.size() != 2) return bad("extra fields after ok");
      answers->Add(f[0], r.payload);
    } else if (f[1] == "error") {
      auto e = sys::ParseErrorFields(f, 2);
      if (!e) return bad("bad error fields");
      answers->Add(f[0], *e);
    } else {
      return bad("bad status '" + f[1] + "'");
    }
  }
  return std::unique_ptr<ProcFs>(std::make_unique<ReplayProcFs>(std::move(answers)));
}

}  // namespace sockscope::procfs
