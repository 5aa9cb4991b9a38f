#include "base/error.h"

#include <cerrno>
#include <cstring>

namespace sockscope::base {

Error Error::Wrap(const std::string& context) const {
  Error wrapped = *this;
  wrapped.message = context + ": " + message;
  return wrapped;
}

Error ErrorFromErrno(int errnum, const std::string& context) {
  ErrorKind kind = ErrorKind::kIo;
  switch (errnum) {
    case EPERM:
    case EACCES:
      kind = ErrorKind::kPermission;
      break;
    case ENOENT:
    case ESRCH:
      kind = ErrorKind::kNotFound;
      break;
    case ETIMEDOUT:
      kind = ErrorKind::kTimeout;
      break;
    case EPROTONOSUPPORT:
    case EAFNOSUPPORT:
    case EOPNOTSUPP:
      kind = ErrorKind::kUnsupported;
      break;
    default:
      break;
  }
  return Error{kind, errnum, context + ": " + std::strerror(errnum)};
}

Error MakeError(ErrorKind kind, const std::string& message) { return Error{kind, 0, message}; }

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
      return "usage";
    case ErrorKind::kPermission:
      return "permission";
    case ErrorKind::kUnsupported:
      return "unsupported";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kNotFound:
      return "not-found";
    case ErrorKind::kMalformed:
      return "malformed";
    case ErrorKind::kInterrupted:
      return "interrupted";
    case ErrorKind::kIo:
      return "io";
  }
  return "io";
}

}  // namespace sockscope::base
