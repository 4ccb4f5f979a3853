#include "api_errors.h"

#include <boost/json/array.hpp>

#include "gateway/http/auth.h"
#include "gateway/http/error_mapping.h"

namespace mg::api {

http::Response CodedError(const Status& status, std::string_view code,
                          boost::json::object details) {
  http::Response response = http::ErrorResponse(status);
  // The table masks internal errors; their code stays "internal".
  if (!code.empty() && response.status != boost::beast::http::status::internal_server_error) {
    response.error->code = std::string(code);
  }
  if (!details.empty()) response.error->details["details"] = std::move(details);
  return response;
}

FinalResponse RenderedError(const http::Response& error, std::string_view request_id) {
  FinalResponse out;
  out.status_code = static_cast<int>(error.status);
  out.body = error.error ? http::RenderErrorBody(*error.error, request_id) : error.body;
  return out;
}

http::Response MarketSuspendedError(const regions::Market& market) {
  boost::json::object details;
  details["market"] = market.code();
  details["status"] = regions::MarketStatusName(market.status());
  std::string message = "market " + market.code() + " is suspended";
  if (const auto& suspension = market.suspension()) {
    details["reason"] = suspension->reason;
    details["legal_reference"] = suspension->legal_reference;
    details["source"] = suspension->source;
    if (suspension->since.empty()) {
      details["since"] = nullptr;
    } else {
      details["since"] = suspension->since;
      message += " since " + suspension->since;
    }
    message += ": " + suspension->reason;
  }
  return CodedError(Status(ErrorCode::kUnavailableForLegal, message, "market"), kMarketSuspended,
                    std::move(details));
}

http::Response ComplianceDeniedError(const compliance::Decision& decision) {
  boost::json::array failed;
  for (const compliance::Check& check : decision.checks) {
    if (check.outcome != compliance::CheckOutcome::kFail) continue;
    boost::json::object item;
    item["rule_id"] = check.rule_id;
    item["kind"] = check.kind;
    item["reason"] = check.reason;
    item["legal_reference"] = check.legal_reference;
    item["source"] = check.source;
    item["verified"] = check.verified;
    failed.push_back(std::move(item));
  }
  boost::json::object details;
  details["outcome"] = compliance::DecisionOutcomeName(decision.outcome);
  details["reason"] = decision.reason;
  details["failed_checks"] = std::move(failed);
  return CodedError(Status(ErrorCode::kComplianceDenied, decision.reason), kComplianceDenied,
                    std::move(details));
}

std::optional<http::Response> DecisionRefusal(const compliance::Decision& decision,
                                              std::string_view age_param) {
  if (!decision.allowed()) return ComplianceDeniedError(decision);
  for (const compliance::Requirement& requirement : decision.requirements) {
    if (requirement.type != compliance::RequirementType::kAgeVerification) continue;
    boost::json::object details{{"rule_id", requirement.rule_id}, {"reason", requirement.reason}};
    return CodedError(
        Status(ErrorCode::kComplianceDenied, requirement.reason, std::string(age_param)),
        kAgeVerificationRequired, std::move(details));
  }
  return std::nullopt;
}

PaymentFailure PaymentFailureOf(const providers::PaymentResult& result) {
  using providers::Outcome;
  switch (result.outcome) {
    case Outcome::kDeclined:
      return {Status(ErrorCode::kPaymentDeclined,
                     "the payment was declined (" +
                         std::string(providers::DeclineReasonName(result.decline_reason)) + ")"),
              kPaymentDeclined};
    case Outcome::kRetryableError:
      return {Status(ErrorCode::kUnavailable,
                     "no payment provider could take the payment now; nothing was charged. "
                     "Retry with a new Idempotency-Key"),
              kProviderUnavailable};
    default:
      return {Status(ErrorCode::kPaymentDeclined,
                     "the payment provider refused the payment (" + result.provider_code + ")"),
              kPaymentFailed};
  }
}

std::string OwnerOf(const http::Request& request) {
  return request.api_key != nullptr ? request.api_key->Account() : "";
}

}  // namespace mg::api
