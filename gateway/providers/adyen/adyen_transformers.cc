#include "adyen/adyen_transformers.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "adyen/adyen_three_ds.h"
#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"

namespace mg::providers::adyen {
namespace {

namespace jf = json_fields;
namespace json = boost::json;

constexpr std::array<std::string_view, 15> kZeroDecimal = {"CVE", "DJF", "GNF", "IDR", "JPY",
                                                           "KMF", "KRW", "PYG", "RWF", "UGX",
                                                           "VND", "VUV", "XAF", "XOF", "XPF"};
constexpr std::array<std::string_view, 7> kThreeDecimal = {"BHD", "IQD", "JOD", "KWD",
                                                           "LYD", "OMR", "TND"};

mg::Status ValidatePspReference(std::string_view ref) {
  if (ref.empty() || ref.size() > 64 ||
      !std::all_of(ref.begin(), ref.end(), [](char c) { return std::isalnum((unsigned char)c); })) {
    return InvalidArgument("malformed Adyen pspReference", "provider_reference");
  }
  return mg::Status::Ok();
}

Result<json::object> AmountJson(const Money& amount) {
  MG_ASSIGN_OR_RETURN(int64_t value, ToAdyenAmount(amount));
  return json::object{{"currency", amount.currency().str()}, {"value", value}};
}

outbound::HttpRequest JsonPost(const AdyenAccount& account, std::string path,
                               const json::object& body) {
  outbound::HttpRequest r;
  r.method = "POST";
  r.url = account.base_url + path;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = json::serialize(body);
  return r;
}

Result<outbound::HttpRequest> Modification(const AdyenAccount& account, const std::string& psp,
                                           const std::string& key, const char* what,
                                           const std::string& reference, const Money* amount) {
  MG_RETURN_IF_ERROR(ValidatePspReference(psp));
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(key));
  json::object body{{"merchantAccount", account.merchant_account}, {"reference", reference}};
  if (amount != nullptr) {
    MG_ASSIGN_OR_RETURN(json::object a, AmountJson(*amount));
    body["amount"] = std::move(a);
  }
  return JsonPost(account, "/v71/payments/" + psp + "/" + what, body);
}

// Adyen's error object: {status, errorCode, message, errorType, pspReference}.
PaymentResult MapError(PaymentResult r, const outbound::HttpResponse& response,
                       const json::object* obj) {
  ApplyHttpStatus(r, response.status);
  if (obj != nullptr) {
    r.provider_code = jf::String(*obj, "errorCode");
    r.provider_status = jf::String(*obj, "errorType");
    r.message = jf::String(*obj, "message");
    r.provider_reference = jf::String(*obj, "pspReference");
    // 704: a request with this Idempotency-Key was processed or is in
    // progress; its outcome is unknown to this answer.
    if (r.provider_code == "704") {
      r.outcome = Outcome::kPending;
      r.ambiguous = true;
    }
  }
  if (r.outcome == Outcome::kRetryableError) r.retry_after = RetryAfter(response);
  return r;
}

std::optional<NextAction> ActionOf(const json::object& obj, NextAction::Kind kind) {
  const json::object* action = jf::Object(obj, "action");
  if (action == nullptr) return std::nullopt;
  NextAction next;
  next.kind = kind;
  next.url = jf::String(*action, "url");
  std::string method = jf::String(*action, "method");
  if (!method.empty()) next.method = method;
  if (const json::object* data = jf::Object(*action, "data")) {
    for (const auto& [k, v] : *data) {
      if (v.is_string()) next.data[std::string(k)] = std::string(v.get_string());
    }
  }
  // CheckoutThreeDS2Action: what the app's 3DS2 SDK needs.
  if (jf::String(*action, "type") == "threeDS2") {
    for (const char* field : {"token", "subtype", "paymentData", "authorisationToken"}) {
      std::string value = jf::String(*action, field);
      if (!value.empty()) next.data[field] = std::move(value);
    }
  }
  return next;
}

}  // namespace

int AdyenDigits(std::string_view currency) {
  if (std::find(kZeroDecimal.begin(), kZeroDecimal.end(), currency) != kZeroDecimal.end()) {
    return 0;
  }
  if (std::find(kThreeDecimal.begin(), kThreeDecimal.end(), currency) != kThreeDecimal.end()) {
    return 3;
  }
  return 2;
}

Result<int64_t> ToAdyenAmount(const Money& amount) {
  return ToProviderUnits(amount, AdyenDigits(amount.currency().view()));
}

std::string AdyenMethodType(std::string_view method) {
  if (method == "card" || method == "mada") return "scheme";
  if (method == "konbini") return "econtext_stores";
  if (method == "ideal" || method == "oxxo" || method == "twint" || method == "knet" ||
      method == "pix") {
    return std::string(method);
  }
  return "";
}

DeclineReason MapRefusalReason(std::string_view code, std::string_view raw) {
  if (raw.find("Do not honor") != std::string_view::npos ||
      raw.find("DO NOT HONOR") != std::string_view::npos) {
    return DeclineReason::kDoNotHonor;
  }
  if (code == "12") return DeclineReason::kInsufficientFunds;  // Not enough balance
  if (code == "6") return DeclineReason::kExpiredCard;
  if (code == "24") return DeclineReason::kIncorrectCvc;  // CVC Declined
  if (code == "14" || code == "20" || code == "22" || code == "31") {
    return DeclineReason::kFraudSuspected;  // Acquirer Fraud, FRAUD, FRAUD-CANCELLED, Issuer fraud
  }
  if (code == "2" || code == "5" || code == "27") return DeclineReason::kCardDeclined;
  return DeclineReason::kOther;
}

Result<outbound::HttpRequest> BuildPayment(const AdyenAccount& account,
                                           const AuthorizeRequest& request,
                                           PaymentAttempt attempt) {
  MG_RETURN_IF_ERROR(ValidateAuthorizeRequest(request));
  std::string type = AdyenMethodType(request.payment_method);
  if (type.empty()) {
    return InvalidArgument("Adyen adapter does not support method " + request.payment_method,
                           "payment_method");
  }
  MG_ASSIGN_OR_RETURN(json::object amount, AmountJson(request.amount));
  json::object method{{"type", type}};
  json::object body{{"merchantAccount", account.merchant_account},
                    {"reference", request.purchase_id},
                    {"amount", std::move(amount)}};
  if (type == "scheme") {
    if (request.payment_token.empty()) {
      return InvalidArgument("card payments need a stored payment method token", "payment_token");
    }
    method["storedPaymentMethodId"] = request.payment_token;
    body["shopperInteraction"] = "ContAuth";
    body["recurringProcessingModel"] = "CardOnFile";
    body["shopperReference"] =
        request.payer.reference.empty() ? request.purchase_id : request.payer.reference;
    MG_RETURN_IF_ERROR(AddScaFields(request, attempt == PaymentAttempt::kAfterSoftDecline, body));
  }
  body["paymentMethod"] = std::move(method);
  if (!request.return_url.empty()) body["returnUrl"] = request.return_url;
  if (!request.description.empty()) body["shopperStatement"] = request.description.substr(0, 22);
  if (!request.payer.email.empty()) body["shopperEmail"] = request.payer.email;
  if (!request.payer.country.empty()) body["countryCode"] = request.payer.country;
  if (!request.payer.phone.empty()) body["telephoneNumber"] = request.payer.phone;
  if (!request.payer.name.empty()) {
    std::string::size_type space = request.payer.name.rfind(' ');
    body["shopperName"] = json::object{
        {"firstName", request.payer.name.substr(0, space)},
        {"lastName", space == std::string::npos ? "" : request.payer.name.substr(space + 1)}};
  }
  if (!request.metadata.empty()) {
    json::object meta;
    for (const auto& [k, v] : request.metadata) meta[k] = v;
    body["metadata"] = std::move(meta);
  }
  if (!request.capture) {
    json::value& extra = body["additionalData"];
    if (!extra.is_object()) extra = json::object{};
    extra.as_object()["manualCapture"] = "true";
  }
  return JsonPost(account, "/v71/payments", body);
}

Result<outbound::HttpRequest> BuildPaymentDetails(const AdyenAccount& account,
                                                  const CompleteActionRequest& request) {
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  json::object details;
  for (const char* field : {"redirectResult", "threeDSResult"}) {
    auto it = request.details.find(field);
    if (it != request.details.end() && !it->second.empty()) details[field] = it->second;
  }
  if (details.empty()) {
    return InvalidArgument("Adyen /payments/details needs redirectResult or threeDSResult",
                           "details");
  }
  return JsonPost(account, "/v71/payments/details", json::object{{"details", std::move(details)}});
}

Result<outbound::HttpRequest> BuildCapture(const AdyenAccount& account,
                                           const CaptureRequest& request) {
  return Modification(account, request.provider_reference, request.idempotency_key, "captures",
                      request.purchase_id, &request.amount);
}

Result<outbound::HttpRequest> BuildRefund(const AdyenAccount& account,
                                          const RefundRequest& request) {
  return Modification(account, request.provider_reference, request.idempotency_key, "refunds",
                      request.refund_id.empty() ? request.purchase_id : request.refund_id,
                      &request.amount);
}

Result<outbound::HttpRequest> BuildCancel(const AdyenAccount& account, const VoidRequest& request) {
  return Modification(account, request.provider_reference, request.idempotency_key, "cancels",
                      request.purchase_id, nullptr);
}

PaymentResult MapPaymentResponse(std::string_view provider,
                                 const outbound::HttpResponse& response) {
  PaymentResult r = ResultOfAnswer(provider, response);
  std::optional<json::value> body = jf::Parse(response.body);
  const json::object* obj = jf::Object(body ? &*body : nullptr);
  if (response.status < 200 || response.status >= 300) return MapError(r, response, obj);
  if (obj == nullptr) {
    r.outcome = Outcome::kPending;
    r.message = "unreadable Adyen response";
    return r;
  }
  r.provider_reference = jf::String(*obj, "pspReference");
  std::string code = jf::String(*obj, "resultCode");
  r.provider_status = code;
  if (code == "Authorised") {
    r.outcome = Outcome::kApproved;
    ApplyAuthentication(*obj, r);
  } else if (code == "Refused") {
    r.outcome = Outcome::kDeclined;
    r.provider_code = jf::String(*obj, "refusalReasonCode");
    r.message = jf::String(*obj, "refusalReason");
    const json::object* extra = jf::Object(*obj, "additionalData");
    std::optional<DeclineReason> three_ds = ThreeDsDeclineOf(r.provider_code, r.message);
    r.decline_reason = three_ds.value_or(
        MapRefusalReason(r.provider_code, extra ? jf::String(*extra, "refusalReasonRaw") : ""));
    if (three_ds == DeclineReason::kAuthenticationFailed) {
      r.authentication = Authentication::kFailed;
    }
  } else if (code == "RedirectShopper") {
    r.outcome = Outcome::kRequiresAction;
    r.action = ActionOf(*obj, NextAction::Kind::kRedirect);
  } else if (code == "ChallengeShopper" || code == "IdentifyShopper") {
    r.outcome = Outcome::kRequiresAction;
    r.action = ActionOf(*obj, NextAction::Kind::kChallenge);
  } else if (code == "Cancelled") {
    r.outcome = Outcome::kDeclined;
    r.decline_reason = DeclineReason::kOther;
  } else if (code == "Error") {
    r.outcome = Outcome::kFatalError;
    r.provider_code = jf::String(*obj, "refusalReasonCode");
    r.message = jf::String(*obj, "refusalReason");
  } else {
    // Pending, Received, PresentToShopper and any code Adyen adds later.
    r.outcome = Outcome::kPending;
    if (const json::object* action = jf::Object(*obj, "action")) {
      PendingInstructions pending;
      pending.location = jf::String(*action, "url");
      if (pending.location.empty()) pending.location = jf::String(*action, "downloadUrl");
      r.pending = pending;
    }
  }
  return r;
}

PaymentResult MapModificationResponse(std::string_view provider,
                                      const outbound::HttpResponse& response) {
  PaymentResult r = ResultOfAnswer(provider, response);
  std::optional<json::value> body = jf::Parse(response.body);
  const json::object* obj = jf::Object(body ? &*body : nullptr);
  if (response.status < 200 || response.status >= 300) return MapError(r, response, obj);
  r.outcome = Outcome::kPending;  // "received": the result comes by webhook
  if (obj != nullptr) {
    r.provider_reference = jf::String(*obj, "pspReference");
    r.provider_status = jf::String(*obj, "status");
  }
  return r;
}

}  // namespace mg::providers::adyen
