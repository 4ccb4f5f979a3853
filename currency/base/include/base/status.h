// Status and Result<T>: the one error type returned by every fallible call in
// marketgate. No exceptions cross a layer boundary; exceptions thrown by
// third-party libraries (yaml-cpp, ICU wrappers, Boost) are caught where they
// arise and converted into a Status.
//
// The set of codes is closed. The gateway maps each code to exactly one HTTP
// status in a single table (gateway/http/src/error_mapping.cc).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace mg {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,      // malformed input: bad decimal, unknown field, bad type
  kUnprocessable,        // well-formed input that is semantically invalid (HTTP 422)
  kNotFound,             // unknown market, SKU, purchase
  kOutOfRange,           // arithmetic overflow, amount outside limits
  kCurrencyMismatch,     // two amounts in different currencies combined
  kFailedPrecondition,   // stale FX rate, state machine forbids the transition
  kUnauthenticated,      // missing or bad API key
  kPermissionDenied,     // key lacks the scope
  kConflict,             // idempotency key reused with another request
  kUnavailableForLegal,  // market suspended by law
  kComplianceDenied,     // a regulatory rule refused the request
  kPaymentDeclined,      // the provider declined the payment
  kRateLimited,          // token bucket empty
  kUnavailable,          // a dependency (store, provider) is down; retryable
  kInternal,             // a bug or an invariant broken inside marketgate
};

// Stable snake_case name of a code, used in JSON errors and logs.
const char* ErrorCodeName(ErrorCode code);

// Status is a value type: either OK or an error code with a human-readable
// message and, optionally, the name of the offending parameter ("items[0].sku").
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message, std::string param = {})
      : code_(code), message_(std::move(message)), param_(std::move(param)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& param() const { return param_; }
  // Text for operators only (a database's own error message, with host,
  // user or row values): logged, never sent to a client.
  const std::string& internal_detail() const { return internal_detail_; }
  Status&& WithInternalDetail(std::string detail) && {
    internal_detail_ = std::move(detail);
    return std::move(*this);
  }

  // "invalid_argument: too many decimals for JPY (param: amount)", plus
  // " [detail: ...]" when there is an internal detail (this is for logs).
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::string param_;
  std::string internal_detail_;
};

inline Status InvalidArgument(std::string message, std::string param = {}) {
  return Status(ErrorCode::kInvalidArgument, std::move(message), std::move(param));
}

// Well-formed input that a rule of the API refuses: a quantity of zero, a
// flight end date before its start date.
inline Status Unprocessable(std::string message, std::string param = {}) {
  return Status(ErrorCode::kUnprocessable, std::move(message), std::move(param));
}

// Result<T> holds either a T or a non-OK Status.
// REQUIRES: a Result is never constructed from an OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(state_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // The error; an OK Status when ok().
  Status status() const { return ok() ? Status() : std::get<Status>(state_); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace mg

// Propagates a non-OK Status from an expression returning Status.
#define MG_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::mg::Status _mg_status = (expr);        \
    if (!_mg_status.ok()) return _mg_status; \
  } while (0)

#define MG_CONCAT_INNER_(a, b) a##b
#define MG_CONCAT_(a, b) MG_CONCAT_INNER_(a, b)
// Declares `lhs` from a Result<T> expression, or returns its Status.
#define MG_ASSIGN_OR_RETURN(lhs, expr)                                                            \
  auto MG_CONCAT_(_mg_result_, __LINE__) = (expr);                                                \
  if (!MG_CONCAT_(_mg_result_, __LINE__).ok()) return MG_CONCAT_(_mg_result_, __LINE__).status(); \
  lhs = std::move(MG_CONCAT_(_mg_result_, __LINE__)).value()
