#include "sql.h"

namespace mg::store {

Status DatabaseError(ErrorCode code, std::string detail) {
  const char* message = "the database failed; quote the request id when reporting it";
  switch (code) {
    case ErrorCode::kUnavailable:
      message = "the database is unavailable; retry later";
      break;
    case ErrorCode::kConflict:
      message = "the record already exists";
      break;
    case ErrorCode::kFailedPrecondition:
      message = "the change breaks a constraint of the store";
      break;
    default:
      break;
  }
  return Status(code, message).WithInternalDetail(std::move(detail));
}

}  // namespace mg::store
