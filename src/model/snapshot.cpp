#include "model/snapshot.h"

namespace sockscope::model {

std::string_view SourceStatusName(SourceStatus status) {
  switch (status) {
    case SourceStatus::kOk:
      return "ok";
    case SourceStatus::kFellBack:
      return "fell_back";
    case SourceStatus::kFailed:
      return "failed";
  }
  return "failed";
}

}  // namespace sockscope::model
