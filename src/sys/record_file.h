// Record files: the on-disk framing of a --record recording
// (docs/record-replay.md). A file starts with the line kRecordFileMagic, then
// holds records, each a header line of space-separated fields whose last
// field is the payload's length in bytes, the payload, and a newline:
//
//   net/tcp ok 150\n<150 bytes>\n
//
// Fields are printable ASCII; any other byte, '%' and ' ' are written as %XX,
// so a field may carry an error message or an untrusted name. Payloads are
// raw bytes (file contents, netlink datagrams).
//
// ParseRecords is a pure function that validates every length and never
// crashes on a truncated or corrupt file (fuzzed: tests/fuzz/record_file_fuzz.cpp).
// RecordWriter appends records to a file as they happen, so a recording
// interrupted by a crash keeps what was read until then.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/result.h"

namespace sockscope::sys {

constexpr std::string_view kRecordFileMagic = "sockscope-recording 1";
constexpr size_t kMaxRecordFileBytes = size_t{1} << 30;

struct Record {
  std::vector<std::string> fields;  // decoded
  std::string payload;
};

// One record, encoded (header line, payload, newline).
std::string EncodeRecord(const std::vector<std::string>& fields, std::string_view payload);
// The fields "error <kind> <errno> <message>" describing e, for a record.
void AppendErrorFields(const base::Error& e, std::vector<std::string>& fields);
// Reads an Error back from fields[at..at+3) ("error" excluded: at points at the
// kind). nullopt when the fields are missing, extra or unknown.
std::optional<base::Error> ParseErrorFields(const std::vector<std::string>& fields, size_t at);

// Splits a whole record file (magic line included). kMalformed, naming `what`
// and the record number, for a missing magic line, a header without a length,
// a length past the end of the file, a bad %XX escape or a missing newline.
base::Result<std::vector<Record>> ParseRecords(std::string_view file, std::string_view what);

// Appends records to one file. Thread-safe: records from several threads are
// written whole, in the order Append is called. A write that fails is
// remembered (first_error) and later records are dropped: the run itself goes on.
class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  virtual void Append(const std::vector<std::string>& fields, std::string_view payload) = 0;
  virtual base::Result<void> Status() const = 0;
};

// Creates `path` (it must not exist) and writes the magic line.
base::Result<std::unique_ptr<RecordWriter>> CreateRecordFile(const std::string& path);

// Creates the directory of a recording: it may exist only if empty.
base::Result<void> CreateRecordingDir(const std::string& path);
// Writes a small file that must not exist yet (the manifest).
base::Result<void> WriteNewFile(const std::string& path, std::string_view contents);
// Reads a whole file of a recording (at most kMaxRecordFileBytes).
base::Result<std::string> ReadRecordingFile(const std::string& path);

}  // namespace sockscope::sys
