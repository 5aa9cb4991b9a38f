// Error values shared by every layer. Library code never prints or exits: it
// returns an Error, and cli/main.cpp maps Error::Kind to an exit code.
#pragma once

#include <string>

namespace sockscope::base {

enum class ErrorKind {
  kUsage,        // bad flag, bad filter expression, bad duration
  kPermission,   // EPERM / EACCES
  kUnsupported,  // kernel interface missing (e.g. sock_diag protocol not loaded)
  kTimeout,      // a deadline passed
  kNotFound,     // file, process or namespace gone
  kMalformed,    // kernel or /proc bytes that fail validation
  kInterrupted,  // a dump kept being interrupted (NLM_F_DUMP_INTR)
  kIo,           // any other system call failure
};

struct Error {
  ErrorKind kind = ErrorKind::kIo;
  int errnum = 0;       // errno when the error came from a system call, else 0
  std::string message;  // context first: "sock_diag dump (tcp, inet6): timed out after 2s"

  // Returns a copy whose message is "context: message".
  Error Wrap(const std::string& context) const;
};

// Builds an Error from an errno value; the kind follows the errno (EPERM and
// EACCES are kPermission, ENOENT and ESRCH kNotFound, ETIMEDOUT kTimeout, ...).
Error ErrorFromErrno(int errnum, const std::string& context);

Error MakeError(ErrorKind kind, const std::string& message);

const char* ErrorKindName(ErrorKind kind);

}  // namespace sockscope::base
