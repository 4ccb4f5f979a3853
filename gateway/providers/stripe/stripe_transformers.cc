#include "stripe/stripe_transformers.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"

namespace mg::providers::stripe {
namespace {

namespace jf = json_fields;

// https://stripe.com/docs/currencies#zero-decimal
constexpr std::array<std::string_view, 16> kZeroDecimal = {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF",
                                                           "KRW", "MGA", "PYG", "RWF", "UGX", "VND",
                                                           "VUV", "XAF", "XOF", "XPF"};
constexpr std::array<std::string_view, 5> kThreeDecimal = {"BHD", "JOD", "KWD", "OMR", "TND"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Stripe error object: {"error": {"type", "code", "decline_code", "message",
// "charge", "payment_intent"}}. A PaymentIntent's error carries the intent
// (its id is the payment's reference) and, when authentication can still be
// done in this flow, its next_action.
PaymentResult MapError(PaymentResult r, const outbound::HttpResponse& response,
                       const boost::json::object* error) {
  if (error == nullptr) {
    ApplyHttpStatus(r, response.status);
    r.message = "unreadable Stripe error body";
  } else {
    std::string type = jf::String(*error, "type");
    std::string code = jf::String(*error, "code");
    std::string decline = jf::String(*error, "decline_code");
    r.message = jf::String(*error, "message");
    const boost::json::object* pi = jf::Object(*error, "payment_intent");
    r.provider_reference = pi ? jf::String(*pi, "id") : jf::String(*error, "charge");
    r.provider_code = !decline.empty() ? decline : !code.empty() ? code : type;
    r.provider_status = type;
    const boost::json::object* next = pi ? jf::Object(*pi, "next_action") : nullptr;
    const boost::json::object* redirect = next ? jf::Object(*next, "redirect_to_url") : nullptr;
    if (type == "card_error" && redirect != nullptr) {
      r.outcome = Outcome::kRequiresAction;
      r.action = NextAction{NextAction::Kind::kRedirect, jf::String(*redirect, "url"), "GET", {}};
    } else if (type == "card_error") {
      r.outcome = Outcome::kDeclined;
      r.decline_reason = MapDeclineCode(decline, code);
      if (r.decline_reason == DeclineReason::kAuthenticationFailed) {
        r.authentication = Authentication::kFailed;
      }
    } else if (type == "rate_limit_error" || response.status == 429 || code == "lock_timeout") {
      // Refused before any work: Stripe did nothing.
      r.outcome = Outcome::kRetryableError;
    } else if (type == "api_error" || response.status >= 500 || response.status == 409) {
      // Stripe failed while processing, or another request with the key is
      // still running: the payment may exist.
      ApplyHttpStatus(r, response.status >= 500 || response.status == 409 ? response.status : 500);
    } else if (type == "idempotency_error") {
      r.outcome = Outcome::kFatalError;  // the key was reused with other parameters
    } else {
      // invalid_request_error, authentication_error, unknown types.
      ApplyHttpStatus(r, response.status);
    }
  }
  if (r.outcome == Outcome::kRetryableError) r.retry_after = RetryAfter(response);
  return r;
}

}  // namespace

mg::Status ValidateId(std::string_view id, const char* param) {
  if (id.empty()) return InvalidArgument("provider reference is required", param);
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return InvalidArgument("malformed Stripe id", param);
    }
  }
  return mg::Status::Ok();
}

std::string LowerCurrency(const Money& amount) { return Lower(amount.currency().view()); }

std::string UpperCurrency(std::string stripe_currency) {
  for (char& c : stripe_currency)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return stripe_currency;
}

PaymentResult MapErrorResponse(std::string_view provider, const outbound::HttpResponse& response) {
  std::optional<boost::json::value> body = jf::Parse(response.body);
  const boost::json::object* obj = jf::Object(body ? &*body : nullptr);
  return MapError(ResultOfAnswer(provider, response), response,
                  obj ? jf::Object(*obj, "error") : nullptr);
}

int StripeDigits(std::string_view currency) {
  if (std::find(kZeroDecimal.begin(), kZeroDecimal.end(), currency) != kZeroDecimal.end()) {
    return 0;
  }
  if (std::find(kThreeDecimal.begin(), kThreeDecimal.end(), currency) != kThreeDecimal.end()) {
    return 3;
  }
  return 2;
}

Result<int64_t> ToStripeAmount(const Money& amount) {
  int digits = StripeDigits(amount.currency().view());
  MG_ASSIGN_OR_RETURN(int64_t value, ToProviderUnits(amount, digits));
  if (digits == 3 && value % 10 != 0) {
    return InvalidArgument("Stripe needs three-decimal amounts rounded to 0.010", "amount");
  }
  return value;
}

DeclineReason MapDeclineCode(std::string_view decline_code, std::string_view error_code) {
  std::string_view c = decline_code.empty() ? error_code : decline_code;
  if (c == "insufficient_funds") return DeclineReason::kInsufficientFunds;
  if (c == "expired_card") return DeclineReason::kExpiredCard;
  if (c == "incorrect_cvc" || c == "invalid_cvc") return DeclineReason::kIncorrectCvc;
  if (c == "fraudulent" || c == "stolen_card" || c == "lost_card" || c == "pickup_card" ||
      c == "merchant_blacklist" || c == "highest_risk_level" || c == "elevated_risk_level") {
    return DeclineReason::kFraudSuspected;
  }
  if (c == "do_not_honor") return DeclineReason::kDoNotHonor;
  if (c == "authentication_required") return DeclineReason::kAuthenticationRequired;
  if (c == "payment_intent_authentication_failure") return DeclineReason::kAuthenticationFailed;
  if (c == "generic_decline" || c == "card_declined" || c == "card_not_supported" ||
      c == "issuer_declined") {
    return DeclineReason::kCardDeclined;
  }
  // card_declined with a decline_code we do not know yet.
  if (error_code == "card_declined" && decline_code.empty()) return DeclineReason::kCardDeclined;
  return DeclineReason::kOther;
}

outbound::HttpRequest PostForm(std::string_view base_url, std::string path,
                               const FormFields& form) {
  outbound::HttpRequest r;
  r.method = "POST";
  r.url = std::string(base_url) + path;
  r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  r.body = FormEncode(form);
  return r;
}

Result<outbound::HttpRequest> BuildRefund(std::string_view base_url, const RefundRequest& request) {
  MG_RETURN_IF_ERROR(ValidateId(request.provider_reference, "provider_reference"));
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  MG_ASSIGN_OR_RETURN(int64_t amount, ToStripeAmount(request.amount));
  if (amount <= 0) return InvalidArgument("refund amount must be positive", "amount");
  // A payment made before PaymentIntents (a "ch_" reference in the store)
  // is refunded by its charge.
  const bool legacy = request.provider_reference.rfind("ch_", 0) == 0;
  FormFields form = {{legacy ? "charge" : "payment_intent", request.provider_reference},
                     {"amount", std::to_string(amount)}};
  if (!request.refund_id.empty()) form.emplace_back("metadata[mg_refund_id]", request.refund_id);
  form.emplace_back("metadata[mg_purchase_id]", request.purchase_id);
  if (request.reason == "duplicate" || request.reason == "fraudulent" ||
      request.reason == "requested_by_customer") {
    form.emplace_back("reason", request.reason);
  }
  return PostForm(base_url, "/v1/refunds", form);
}

Result<outbound::HttpRequest> BuildRetrieveRefund(std::string_view base_url,
                                                  std::string_view refund_id) {
  MG_RETURN_IF_ERROR(ValidateId(refund_id, "refund_reference"));
  outbound::HttpRequest r;
  r.url = std::string(base_url) + "/v1/refunds/" + std::string(refund_id);
  return r;
}

PaymentResult MapRefundResponse(std::string_view provider, const outbound::HttpResponse& response) {
  PaymentResult r = ResultOfAnswer(provider, response);
  std::optional<boost::json::value> body = jf::Parse(response.body);
  const boost::json::object* obj = jf::Object(body ? &*body : nullptr);
  if (response.status >= 200 && response.status < 300 && obj != nullptr &&
      jf::String(*obj, "object") == "refund") {
    r.provider_reference = jf::String(*obj, "id");
    r.provider_status = jf::String(*obj, "status");
    if (r.provider_status == "succeeded") {
      r.outcome = Outcome::kApproved;
    } else if (r.provider_status == "failed" || r.provider_status == "canceled") {
      r.outcome = Outcome::kDeclined;
      r.decline_reason = DeclineReason::kOther;
      r.provider_code = jf::String(*obj, "failure_reason");
    } else {
      r.outcome = Outcome::kPending;
    }
    return r;
  }
  if (response.status >= 200 && response.status < 300) {
    r.outcome = Outcome::kPending;
    r.message = "unrecognized Stripe response";
    return r;
  }
  return MapError(r, response, obj ? jf::Object(*obj, "error") : nullptr);
}

}  // namespace mg::providers::stripe
