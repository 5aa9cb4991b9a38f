// Writing to stdout/stderr: checked, loud when output is lost, and quiet on a
// closed pipe (`sockscope ls | head` is not an error).
#pragma once

#include <string>
#include <string_view>

namespace sockscope::cli {

enum class WriteStatus {
  kOk,          // everything written
  kReaderGone,  // EPIPE: the reader closed its end; not an error
  kFailed,      // output was lost (ENOSPC, EIO, ...): a message is on stderr
};

// Writes all of text to stdout. On a failure other than EPIPE it prints one
// message on stderr (once per process) and returns kFailed: the caller ends
// with kExitOutputFailed (cli/exit_codes.h). EINTR is retried at most 16
// times in a row. Thread-compatible: call from one thread at a time.
[[nodiscard]] WriteStatus WriteStdout(std::string_view text);

// Writes a one-line message to stderr prefixed with "sockscope: ". Every byte
// of message that is a control character (a newline too), invalid UTF-8 or a
// bidi/format character is escaped (base::AppendEscapedForMessage), so text
// that came from outside cannot move the cursor or forge a line.
void PrintError(std::string_view message);
// The same for a message of several lines whose parts from outside are
// already escaped (a filter error with its caret line): each line is
// escaped on its own, the newlines between them kept.
void PrintErrorLines(std::string_view message);

}  // namespace sockscope::cli
