#include "sys/record_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <mutex>

#include <fmt/format.h>

#include "base/unique_fd.h"
#include "sys/files.h"

namespace sockscope::sys {
namespace {

using base::ErrorKind;
using base::MakeError;
using base::Result;

constexpr size_t kMaxHeaderBytes = 4096;

Result<void> WriteAllTo(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return base::ErrorFromErrno(errno, "cannot write " + path);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

bool PlainFieldByte(unsigned char c) { return c > ' ' && c < 0x7f && c != '%'; }

void AppendField(std::string& out, std::string_view field) {
  if (field.empty()) {
    out += "%";  // an empty field: a lone '%', never produced by an escape
    return;
  }
  for (unsigned char c : field) {
    if (PlainFieldByte(c)) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

Result<std::string> DecodeField(std::string_view raw) {
  if (raw == "%") return std::string();
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out += raw[i];
      continue;
    }
    if (i + 2 >= raw.size()) return MakeError(ErrorKind::kMalformed, "cut %XX escape");
    int hi = HexValue(raw[i + 1]), lo = HexValue(raw[i + 2]);
    if (hi < 0 || lo < 0) return MakeError(ErrorKind::kMalformed, "bad %XX escape");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

constexpr std::pair<ErrorKind, std::string_view> kKinds[] = {
    {ErrorKind::kUsage, "usage"},
    {ErrorKind::kPermission, "permission"},
    {ErrorKind::kUnsupported, "unsupported"},
    {ErrorKind::kTimeout, "timeout"},
    {ErrorKind::kNotFound, "not-found"},
    {ErrorKind::kMalformed, "malformed"},
    {ErrorKind::kInterrupted, "interrupted"},
    {ErrorKind::kIo, "io"},
};

class FileRecordWriter final : public RecordWriter {
 public:
  explicit FileRecordWriter(base::UniqueFd fd) : fd_(std::move(fd)) {}

  void Append(const std::vector<std::string>& fields, std::string_view payload) override {
    std::string record = EncodeRecord(fields, payload);
    std::lock_guard lock(mu_);
    if (!status_) return;
    status_ = WriteAllTo(fd_.get(), record, "the recording");
  }
  Result<void> Status() const override {
    std::lock_guard lock(mu_);
    return status_;
  }

 private:
  mutable std::mutex mu_;
  base::UniqueFd fd_;
  Result<void> status_;
};

Result<base::UniqueFd> CreateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_APPEND, 0644);
  if (fd < 0) return base::ErrorFromErrno(errno, "cannot create " + path);
  return base::UniqueFd(fd);
}

}  // namespace

std::string EncodeRecord(const std::vector<std::string>& fields, std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 64);
  for (const auto& f : fields) {
    AppendField(out, f);
    out += ' ';
  }
  out += std::to_string(payload.size());
  out += '\n';
  out.append(payload);
  out += '\n';
  return out;
}

void AppendErrorFields(const base::Error& e, std::vector<std::string>& fields) {
  fields.push_back("error");
  fields.push_back(base::ErrorKindName(e.kind));
  fields.push_back(std::to_string(e.errnum));
  fields.push_back(e.message);
}

std::optional<base::Error> ParseErrorFields(const std::vector<std::string>& fields, size_t at) {
  if (fields.size() != at + 3) return std::nullopt;
  base::Error e;
  bool known = false;
  for (const auto& [kind, name] : kKinds) {
    if (fields[at] == name) {
      e.kind = kind;
      known = true;
    }
  }
  if (!known) return std::nullopt;
  const std::string& n = fields[at + 1];
  auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), e.errnum);
  if (ec != std::errc() || p != n.data() + n.size()) return std::nullopt;
  e.message = fields[at + 2];
  return e;
}

Result<std::vector<Record>> ParseRecords(std::string_view file, std::string_view what) {
  auto fail = [&](size_t n, const std::string& why) {
    return MakeError(
        ErrorKind::kMalformed,
        fmt::format("{}: record {}: {} (truncated or corrupt recording?)", what, n, why));
  };
  std::string magic = std::string(kRecordFileMagic) + "\n";
  if (file.substr(0, magic.size()) != magic)
    return MakeError(ErrorKind::kMalformed,
                     fmt::format("{}: not a sockscope recording of format 1", what));
  file.remove_prefix(magic.size());
  std::vector<Record> records;
  for (size_t n = 1; !file.empty(); ++n) {
    size_t eol = file.substr(0, kMaxHeaderBytes).find('\n');
    if (eol == std::string_view::npos) return fail(n, "header line without its end");
    std::string_view header = file.substr(0, eol);
    file.remove_prefix(eol + 1);
    std::vector<std::string_view> raw;
    while (!header.empty()) {
      size_t sp = header.find(' ');
      std::string_view f = header.substr(0, sp);
      if (f.empty()) return fail(n, "empty field");
      raw.push_back(f);
      if (sp == std::string_view::npos) break;
      header.remove_prefix(sp + 1);
      if (header.empty()) return fail(n, "trailing space");
    }
    if (raw.size() < 2) return fail(n, "header without fields and length");
    size_t length = 0;
    std::string_view len = raw.back();
    auto [p, ec] = std::from_chars(len.data(), len.data() + len.size(), length);
    if (ec != std::errc() || p != len.data() + len.size()) return fail(n, "bad payload length");
    // The payload and the newline after it must both be there.
    if (length >= file.size()) return fail(n, "payload cut short");
    if (file[length] != '\n') return fail(n, "no newline after the payload");
    Record r;
    raw.pop_back();
    for (auto f : raw) {
      auto decoded = DecodeField(f);
      if (!decoded) return fail(n, decoded.error().message);
      r.fields.push_back(std::move(*decoded));
    }
    r.payload.assign(file.substr(0, length));
    file.remove_prefix(length + 1);
    records.push_back(std::move(r));
  }
  return records;
}

Result<std::unique_ptr<RecordWriter>> CreateRecordFile(const std::string& path) {
  auto fd = CreateFile(path);
  if (!fd) return fd.error();
  std::string magic = std::string(kRecordFileMagic) + "\n";
  if (auto w = WriteAllTo(fd->get(), magic, path); !w) return w.error();
  return std::unique_ptr<RecordWriter>(std::make_unique<FileRecordWriter>(std::move(*fd)));
}

Result<void> CreateRecordingDir(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) == 0) return {};
  if (errno != EEXIST) return base::ErrorFromErrno(errno, "cannot create " + path);
  auto names = RealFiles().ListDir(AT_FDCWD, path.c_str());
  if (!names) return names.error().Wrap(path);
  if (!names->empty())
    return MakeError(ErrorKind::kUsage,
                     path + " exists and is not empty: a recording needs a new directory");
  return {};
}

Result<void> WriteNewFile(const std::string& path, std::string_view contents) {
  auto fd = CreateFile(path);
  if (!fd) return fd.error();
  return WriteAllTo(fd->get(), contents, path);
}

Result<std::string> ReadRecordingFile(const std::string& path) {
  auto text = RealFiles().ReadFileAt(AT_FDCWD, path.c_str(), kMaxRecordFileBytes);
  if (!text) return text.error().Wrap("cannot read the recording");
  return text;
}

}  // namespace sockscope::sys
