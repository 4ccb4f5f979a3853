#include "base/status.h"

namespace mg {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "ok";
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kUnprocessable:
      return "unprocessable";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kOutOfRange:
      return "out_of_range";
    case ErrorCode::kCurrencyMismatch:
      return "currency_mismatch";
    case ErrorCode::kFailedPrecondition:
      return "failed_precondition";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kUnavailableForLegal:
      return "unavailable_for_legal_reasons";
    case ErrorCode::kComplianceDenied:
      return "compliance_denied";
    case ErrorCode::kPaymentDeclined:
      return "payment_declined";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out = std::string(ErrorCodeName(code_)) + ": " + message_;
  if (!param_.empty()) out += " (param: " + param_ + ")";
  if (!internal_detail_.empty()) out += " [detail: " + internal_detail_ + "]";
  return out;
}

}  // namespace mg
