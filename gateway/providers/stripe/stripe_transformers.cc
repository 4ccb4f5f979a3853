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

outbound::HttpRequest FormPost(std::string_view base_url, std::string path,
                               const FormFields& form) {
  outbound::HttpRequest r;
  r.method = "POST";
  r.url = std::string(base_url) + path;
  r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  r.body = FormEncode(form);
  return r;
}

// Stripe error object: {"error": {"type", "code", "decline_code", "message",
// "charge", "payment_intent"}}.
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
    r.provider_reference = jf::String(*error, "charge");
    r.provider_code = !decline.empty() ? decline : !code.empty() ? code : type;
    r.provider_status = type;
    if (type == "card_error" && code == "authentication_required") {
      r.outcome = Outcome::kRequiresAction;
      // A PaymentIntent on the error carries the redirect (3DS) URL.
      const boost::json::object* pi = jf::Object(*error, "payment_intent");
      const boost::json::object* next = pi ? jf::Object(*pi, "next_action") : nullptr;
      const boost::json::object* redirect = next ? jf::Object(*next, "redirect_to_url") : nullptr;
      if (redirect != nullptr) {
        r.action =
            NextAction{NextAction::Kind::kChallenge, jf::String(*redirect, "url"), "GET", {}};
      }
    } else if (type == "card_error") {
      r.outcome = Outcome::kDeclined;
      r.decline_reason = MapDeclineCode(decline, code);
    } else if (type == "rate_limit_error" || response.status == 429 || code == "lock_timeout") {
      // Refused before any work: Stripe did nothing.
      r.outcome = Outcome::kRetryableError;
    } else if (type == "api_error" || response.status >= 500 || response.status == 409) {
      // Stripe failed while processing, or another request with the key is
      // still running: the charge may exist.
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

PaymentResult MapChargeObject(PaymentResult r, const boost::json::object& charge) {
  r.provider_reference = jf::String(charge, "id");
  std::string status = jf::String(charge, "status");
  r.provider_status = status;
  if (status == "succeeded") {
    r.outcome = Outcome::kApproved;
    if (jf::Bool(charge, "refunded").value_or(false)) r.provider_status = "refunded";
  } else if (status == "failed") {
    r.outcome = Outcome::kDeclined;
    std::string code = jf::String(charge, "failure_code");
    const boost::json::object* outcome = jf::Object(charge, "outcome");
    std::string reason = outcome ? jf::String(*outcome, "reason") : "";
    r.provider_code = !reason.empty() ? reason : code;
    r.message = jf::String(charge, "failure_message");
    r.decline_reason = MapDeclineCode(reason, code);
  } else {
    r.outcome = Outcome::kPending;  // "pending" and anything Stripe adds later
  }
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
  if (c == "generic_decline" || c == "card_declined" || c == "card_not_supported" ||
      c == "issuer_declined") {
    return DeclineReason::kCardDeclined;
  }
  // card_declined with a decline_code we do not know yet.
  if (error_code == "card_declined" && decline_code.empty()) return DeclineReason::kCardDeclined;
  return DeclineReason::kOther;
}

Result<outbound::HttpRequest> BuildCreateCharge(std::string_view base_url,
                                                const AuthorizeRequest& request) {
  MG_RETURN_IF_ERROR(ValidateAuthorizeRequest(request));
  if (request.payment_token.empty()) {
    return InvalidArgument("Stripe needs a payment token", "payment_token");
  }
  MG_ASSIGN_OR_RETURN(int64_t amount, ToStripeAmount(request.amount));
  FormFields form = {{"amount", std::to_string(amount)},
                     {"currency", Lower(request.amount.currency().view())},
                     {"source", request.payment_token},
                     {"capture", request.capture ? "true" : "false"}};
  if (!request.description.empty()) form.emplace_back("description", request.description);
  for (const auto& [key, value] : request.metadata) {
    form.emplace_back("metadata[" + key + "]", value);
  }
  form.emplace_back("metadata[mg_purchase_id]", request.purchase_id);
  return FormPost(base_url, "/v1/charges", form);
}

Result<outbound::HttpRequest> BuildCaptureCharge(std::string_view base_url,
                                                 const CaptureRequest& request) {
  MG_RETURN_IF_ERROR(ValidateId(request.provider_reference, "provider_reference"));
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  MG_ASSIGN_OR_RETURN(int64_t amount, ToStripeAmount(request.amount));
  FormFields form = {{"amount", std::to_string(amount)}};
  return FormPost(base_url, "/v1/charges/" + request.provider_reference + "/capture", form);
}

Result<outbound::HttpRequest> BuildRefund(std::string_view base_url, const RefundRequest& request) {
  MG_RETURN_IF_ERROR(ValidateId(request.provider_reference, "provider_reference"));
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  MG_ASSIGN_OR_RETURN(int64_t amount, ToStripeAmount(request.amount));
  if (amount <= 0) return InvalidArgument("refund amount must be positive", "amount");
  FormFields form = {{"charge", request.provider_reference}, {"amount", std::to_string(amount)}};
  if (!request.refund_id.empty()) form.emplace_back("metadata[mg_refund_id]", request.refund_id);
  form.emplace_back("metadata[mg_purchase_id]", request.purchase_id);
  if (request.reason == "duplicate" || request.reason == "fraudulent" ||
      request.reason == "requested_by_customer") {
    form.emplace_back("reason", request.reason);
  }
  return FormPost(base_url, "/v1/refunds", form);
}

Result<outbound::HttpRequest> BuildVoid(std::string_view base_url, const VoidRequest& request) {
  MG_RETURN_IF_ERROR(ValidateId(request.provider_reference, "provider_reference"));
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  FormFields form = {{"charge", request.provider_reference}};
  return FormPost(base_url, "/v1/refunds", form);
}

Result<outbound::HttpRequest> BuildRetrieveRefund(std::string_view base_url,
                                                  std::string_view refund_id) {
  MG_RETURN_IF_ERROR(ValidateId(refund_id, "refund_reference"));
  outbound::HttpRequest r;
  r.url = std::string(base_url) + "/v1/refunds/" + std::string(refund_id);
  return r;
}

Result<outbound::HttpRequest> BuildRetrieveCharge(std::string_view base_url,
                                                  std::string_view charge_id) {
  MG_RETURN_IF_ERROR(ValidateId(charge_id, "provider_reference"));
  outbound::HttpRequest r;
  r.url = std::string(base_url) + "/v1/charges/" + std::string(charge_id);
  return r;
}

Result<outbound::HttpRequest> BuildSearchCharges(std::string_view base_url,
                                                 std::string_view purchase_id) {
  for (char c : purchase_id) {
    if (c == '\'' || c == '\\') return InvalidArgument("purchase id not searchable", "purchase_id");
  }
  outbound::HttpRequest r;
  r.url = std::string(base_url) + "/v1/charges/search?" +
          FormEncode({{"query", "metadata['mg_purchase_id']:'" + std::string(purchase_id) + "'"}});
  return r;
}

PaymentResult MapChargeResponse(std::string_view provider, const outbound::HttpResponse& response) {
  PaymentResult r = ResultOfAnswer(provider, response);
  std::optional<boost::json::value> body = jf::Parse(response.body);
  const boost::json::object* obj = jf::Object(body ? &*body : nullptr);
  if (response.status >= 200 && response.status < 300 && obj != nullptr &&
      jf::String(*obj, "object") == "charge") {
    return MapChargeObject(r, *obj);
  }
  if (response.status >= 200 && response.status < 300) {
    r.outcome = Outcome::kPending;  // 2xx we cannot read: never assume success
    r.message = "unrecognized Stripe response";
    return r;
  }
  return MapError(r, response, obj ? jf::Object(*obj, "error") : nullptr);
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

PaymentResult MapSearchResponse(std::string_view provider, const outbound::HttpResponse& response) {
  PaymentResult r = ResultOfAnswer(provider, response);
  std::optional<boost::json::value> body = jf::Parse(response.body);
  const boost::json::object* obj = jf::Object(body ? &*body : nullptr);
  if (response.status < 200 || response.status >= 300) {
    return MapError(r, response, obj ? jf::Object(*obj, "error") : nullptr);
  }
  const boost::json::array* data = obj ? jf::Array(*obj, "data") : nullptr;
  if (data != nullptr && !data->empty()) {
    if (const boost::json::object* charge = data->front().if_object()) {
      return MapChargeObject(r, *charge);
    }
  }
  r.outcome = Outcome::kPending;
  r.ambiguous = true;
  r.message = "no charge found by search; Stripe search is eventually consistent";
  return r;
}

}  // namespace mg::providers::stripe
