// Error responses of the money routes. The HTTP status and error type always
// come from the one error table (MapErrorCode); these helpers only refine the
// error's code string ("market_suspended" instead of
// "unavailable_for_legal") and add an "details" object to it.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "compliance/decision.h"
#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "gateway/providers/payment_provider.h"
#include "regions/market.h"

namespace mg::api {

// Specific error codes the API promises.
inline constexpr const char* kIdempotencyKeyMissing = "idempotency_key_missing";
inline constexpr const char* kIdempotencyKeyReused = "idempotency_key_reused";
inline constexpr const char* kIdempotencyKeyInProgress = "idempotency_key_in_progress";
inline constexpr const char* kMarketSuspended = "market_suspended";
inline constexpr const char* kComplianceDenied = "compliance_denied";
inline constexpr const char* kAgeVerificationRequired = "age_verification_required";
inline constexpr const char* kPaymentDeclined = "payment_declined";
inline constexpr const char* kPaymentFailed = "payment_failed";
inline constexpr const char* kProviderUnavailable = "provider_unavailable";
inline constexpr const char* kRefundExceedsCaptured = "refund_exceeds_captured";
inline constexpr const char* kRefundExceedsUnspentCoins = "refund_exceeds_unspent_coins";

// A response the pipeline renders; `code` replaces ErrorCodeName() unless
// empty; `details`, when not empty, becomes error.details.
http::Response CodedError(const Status& status, std::string_view code,
                          boost::json::object details = {});

// `found`, or for a kNotFound the error naming the record and `param`
// ("no purchase 'pur_...'" [id]).
template <typename T>
Result<T> NamedRecord(Result<T> found, std::string_view what, std::string_view id,
                      std::string_view param) {
  if (found.ok() || found.status().code() != ErrorCode::kNotFound) return found;
  return Status(ErrorCode::kNotFound, "no " + std::string(what) + " '" + std::string(id) + "'",
                std::string(param));
}

// The account that owns what `request`'s key creates; "" on an open route.
std::string OwnerOf(const http::Request& request);

// `found` (as NamedRecord) when the key of `request` may see it: a record
// belongs to the account of the key that created it, and any other account
// gets the same 404 as for an unknown id, which tells it nothing. Records
// written before ownership was kept (no owner) stay visible to every key with
// the route's scope.
template <typename T>
Result<T> OwnedRecord(Result<T> found, const http::Request& request, std::string_view what,
                      std::string_view id, std::string_view param) {
  Result<T> named = NamedRecord(std::move(found), what, id, param);
  if (named.ok() && !named->owner.empty() && named->owner != OwnerOf(request)) {
    return NamedRecord(Result<T>(Status(ErrorCode::kNotFound, "not this key's")), what, id, param);
  }
  return named;
}

// A finished response: status and body, as sent and as stored for replays.
struct FinalResponse {
  int status_code = 200;
  std::string body;
  // The work already stored this response with its Idempotency-Key, in the
  // transaction of the outcome it describes (Effects::response).
  bool stored = false;
};

// The error rendered now, with the request id, so that the exact bytes can
// be stored for idempotent replays.
FinalResponse RenderedError(const http::Response& error, std::string_view request_id);

// 451 market_suspended with the suspension's reason, legal reference, source
// and date in error.details.
http::Response MarketSuspendedError(const regions::Market& market);

// 422 compliance_denied with the decision's reason and its failed checks in
// error.details.
http::Response ComplianceDeniedError(const compliance::Decision& decision);

// The refusal of a decision the API cannot carry out: a deny (above), or an
// allowance on condition of an age verification, which the money routes
// cannot perform (422 age_verification_required: send customer.age once
// verified; `age_param` names where the age goes in the route's body).
// nullopt when the request may proceed (SCA is the provider's part, a
// disclosure label the advertiser's).
std::optional<http::Response> DecisionRefusal(const compliance::Decision& decision,
                                              std::string_view age_param = "customer.age");

// The one table from a provider's failing answer to the API's error, for
// purchases and ad bookings alike: declined -> 402 payment_declined (with the
// decline reason); retryable -> 503 provider_unavailable (nothing was
// charged); fatal -> 402
// payment_failed (with the provider's code).
struct PaymentFailure {
  Status status;
  const char* code;
};
// REQUIRES: result.outcome is kDeclined, kRetryableError or kFatalError.
PaymentFailure PaymentFailureOf(const providers::PaymentResult& result);

}  // namespace mg::api
