#include "stripe/stripe_intents.h"

#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"
#include "stripe/stripe_transformers.h"

namespace mg::providers::stripe {
namespace {

namespace jf = json_fields;

bool Is2xx(int status) { return status >= 200 && status < 300; }

outbound::HttpRequest Get(std::string_view base_url, const std::string& path_and_query) {
  outbound::HttpRequest r;
  r.url = std::string(base_url) + path_and_query;
  return r;
}

}  // namespace

Authentication ChargeAuthentication(const boost::json::object& charge, std::string* exemption) {
  namespace jf = json_fields;
  const boost::json::object* details = jf::Object(charge, "payment_method_details");
  const boost::json::object* card = details ? jf::Object(*details, "card") : nullptr;
  const boost::json::object* tds = card ? jf::Object(*card, "three_d_secure") : nullptr;
  if (tds == nullptr) return Authentication::kNone;
  const std::string result = jf::String(*tds, "result");
  if (result == "authenticated") return Authentication::kAuthenticated;
  if (result == "exempted") {
    // Stripe names only a low-risk (TRA) exemption; its engine claims the
    // low-value one without naming it, and that is the only one we ask for.
    if (exemption != nullptr) {
      *exemption = jf::String(*tds, "exemption_indicator") == "low_risk"
                       ? "transaction_risk_analysis"
                       : "low_value";
    }
    return Authentication::kExempted;
  }
  if (result == "failed") return Authentication::kFailed;
  return Authentication::kNone;
}

namespace {

// What the intent's latest charge says of 3-D Secure.
void ReadAuthentication(PaymentResult& r, const boost::json::object& intent) {
  const boost::json::object* charge = jf::Object(intent, "latest_charge");  // when expanded
  if (charge != nullptr) r.authentication = ChargeAuthentication(*charge, &r.exemption);
}

NextAction ActionOf(const boost::json::object& intent) {
  const boost::json::object* next = jf::Object(intent, "next_action");
  const boost::json::object* redirect = next ? jf::Object(*next, "redirect_to_url") : nullptr;
  if (redirect != nullptr && !jf::String(*redirect, "url").empty()) {
    return NextAction{NextAction::Kind::kRedirect, jf::String(*redirect, "url"), "GET", {}};
  }
  // use_stripe_sdk (or a type added later): its map is Stripe.js's to read
  // ("subject to change"); the app hands the client secret to Stripe.js.
  NextAction action{NextAction::Kind::kChallenge, "", "GET", {}};
  action.data["client_secret"] = jf::String(intent, "client_secret");
  action.data["payment_intent"] = jf::String(intent, "id");
  if (next != nullptr) action.data["type"] = jf::String(*next, "type");
  return action;
}

void ReadLastPaymentError(PaymentResult& r, const boost::json::object& error) {
  const std::string code = jf::String(error, "code");
  const std::string decline = jf::String(error, "decline_code");
  r.provider_code = !decline.empty() ? decline : code;
  r.message = jf::String(error, "message");
  r.decline_reason = MapDeclineCode(decline, code);
  if (r.decline_reason == DeclineReason::kAuthenticationFailed) {
    r.authentication = Authentication::kFailed;
  }
}

PaymentResult MapIntentObject(PaymentResult r, const boost::json::object& intent) {
  r.provider_reference = jf::String(intent, "id");
  const std::string status = jf::String(intent, "status");
  r.provider_status = status;
  ReadAuthentication(r, intent);
  if (status == "succeeded" || status == "requires_capture") {
    r.outcome = Outcome::kApproved;
  } else if (status == "requires_action") {
    r.outcome = Outcome::kRequiresAction;
    r.action = ActionOf(intent);
  } else if (status == "requires_payment_method") {
    const boost::json::object* error = jf::Object(intent, "last_payment_error");
    if (error == nullptr) {
      r.outcome = Outcome::kPending;  // never confirmed: nothing decided yet
      return r;
    }
    r.outcome = Outcome::kDeclined;
    ReadLastPaymentError(r, *error);
  } else if (status == "canceled") {
    r.outcome = Outcome::kDeclined;
    r.decline_reason = DeclineReason::kOther;
    r.provider_code = jf::String(intent, "cancellation_reason");
  } else {
    r.outcome = Outcome::kPending;  // processing, requires_confirmation, later additions
  }
  return r;
}

PaymentResult Unreadable(PaymentResult r) {
  r.outcome = Outcome::kPending;  // a 2xx we cannot read: never assume success
  r.message = "unrecognized Stripe response";
  return r;
}

FormFields ConfirmFields(const AuthorizeRequest& request, std::string_view three_d_secure) {
  FormFields form = {{"payment_method", request.payment_token}};
  if (!request.return_url.empty()) form.emplace_back("return_url", request.return_url);
  form.emplace_back("payment_method_options[card][request_three_d_secure]",
                    std::string(three_d_secure));
  form.emplace_back("expand[]", "latest_charge");
  return form;
}

}  // namespace

std::string_view RequestThreeDSecure(ScaAsk ask) {
  return ask == ScaAsk::kAuthenticate ? "any" : "automatic";
}

Result<outbound::HttpRequest> BuildCreateIntent(std::string_view base_url,
                                                const AuthorizeRequest& request,
                                                std::string_view three_d_secure) {
  MG_RETURN_IF_ERROR(ValidateAuthorizeRequest(request));
  if (request.payment_token.empty()) {
    return InvalidArgument("Stripe needs a payment token", "payment_token");
  }
  MG_ASSIGN_OR_RETURN(int64_t amount, ToStripeAmount(request.amount));
  FormFields form = {{"amount", std::to_string(amount)},
                     {"currency", LowerCurrency(request.amount)},
                     {"confirm", "true"},
                     {"capture_method", "manual"}};
  if (!request.description.empty()) form.emplace_back("description", request.description);
  for (const auto& [key, value] : request.metadata) {
    form.emplace_back("metadata[" + key + "]", value);
  }
  form.emplace_back("metadata[mg_purchase_id]", request.purchase_id);
  for (auto& field : ConfirmFields(request, three_d_secure)) form.push_back(std::move(field));
  return PostForm(base_url, "/v1/payment_intents", form);
}

Result<outbound::HttpRequest> BuildConfirmIntent(std::string_view base_url,
                                                 std::string_view intent_id,
                                                 const AuthorizeRequest& request,
                                                 std::string_view three_d_secure) {
  MG_RETURN_IF_ERROR(ValidateId(intent_id, "provider_reference"));
  MG_RETURN_IF_ERROR(ValidateAuthorizeRequest(request));
  return PostForm(base_url, "/v1/payment_intents/" + std::string(intent_id) + "/confirm",
                  ConfirmFields(request, three_d_secure));
}

Result<outbound::HttpRequest> BuildCaptureIntent(std::string_view base_url,
                                                 std::string_view intent_id,
                                                 const std::optional<Money>& amount) {
  MG_RETURN_IF_ERROR(ValidateId(intent_id, "provider_reference"));
  FormFields form;
  if (amount) {
    MG_ASSIGN_OR_RETURN(int64_t value, ToStripeAmount(*amount));
    form.emplace_back("amount_to_capture", std::to_string(value));
  }
  form.emplace_back("expand[]", "latest_charge");
  return PostForm(base_url, "/v1/payment_intents/" + std::string(intent_id) + "/capture", form);
}

Result<outbound::HttpRequest> BuildCancelIntent(std::string_view base_url,
                                                std::string_view intent_id) {
  MG_RETURN_IF_ERROR(ValidateId(intent_id, "provider_reference"));
  return PostForm(base_url, "/v1/payment_intents/" + std::string(intent_id) + "/cancel",
                  {{"cancellation_reason", "abandoned"}});
}

Result<outbound::HttpRequest> BuildRetrieveIntent(std::string_view base_url,
                                                  std::string_view intent_id) {
  MG_RETURN_IF_ERROR(ValidateId(intent_id, "provider_reference"));
  return Get(base_url, "/v1/payment_intents/" + std::string(intent_id) + "?" +
                           FormEncode({{"expand[]", "latest_charge"}}));
}

Result<outbound::HttpRequest> BuildSearchIntents(std::string_view base_url,
                                                 std::string_view purchase_id) {
  for (char c : purchase_id) {
    if (c == '\'' || c == '\\') return InvalidArgument("purchase id not searchable", "purchase_id");
  }
  return Get(
      base_url,
      "/v1/payment_intents/search?" +
          FormEncode({{"query", "metadata['mg_purchase_id']:'" + std::string(purchase_id) + "'"},
                      {"expand[]", "data.latest_charge"}}));
}

PaymentResult MapIntentResponse(std::string_view provider, const outbound::HttpResponse& response) {
  if (!Is2xx(response.status)) return MapErrorResponse(provider, response);
  PaymentResult r = ResultOfAnswer(provider, response);
  std::optional<boost::json::value> body = jf::Parse(response.body);
  const boost::json::object* obj = jf::Object(body ? &*body : nullptr);
  if (obj == nullptr || jf::String(*obj, "object") != "payment_intent") return Unreadable(r);
  return MapIntentObject(r, *obj);
}

PaymentResult MapCancelResponse(std::string_view provider, const outbound::HttpResponse& response) {
  PaymentResult r = MapIntentResponse(provider, response);
  if (!Is2xx(response.status)) return r;
  r.decline_reason = DeclineReason::kNone;
  r.action.reset();
  if (r.provider_status == "canceled") {
    r.outcome = Outcome::kApproved;
  } else {
    r.outcome = Outcome::kPending;  // answered, but not (yet) canceled
    r.message = "PaymentIntent not canceled: " + r.provider_status;
  }
  return r;
}

PaymentResult MapIntentSearchResponse(std::string_view provider,
                                      const outbound::HttpResponse& response) {
  if (!Is2xx(response.status)) return MapErrorResponse(provider, response);
  PaymentResult r = ResultOfAnswer(provider, response);
  std::optional<boost::json::value> body = jf::Parse(response.body);
  const boost::json::object* obj = jf::Object(body ? &*body : nullptr);
  const boost::json::array* data = obj ? jf::Array(*obj, "data") : nullptr;
  // A purchase may have two intents (a soft decline retried anew): one that
  // holds or moved money, or awaits the shopper, wins over a failed one.
  const boost::json::object* found = nullptr;
  static const boost::json::array kNone;
  for (const boost::json::value& v : data ? *data : kNone) {
    const boost::json::object* intent = v.if_object();
    if (intent == nullptr) continue;
    const std::string status = jf::String(*intent, "status");
    if (found == nullptr || (status != "requires_payment_method" && status != "canceled")) {
      found = intent;
      if (status != "requires_payment_method" && status != "canceled") break;
    }
  }
  if (found != nullptr) return MapIntentObject(r, *found);
  r.outcome = Outcome::kPending;
  r.ambiguous = true;
  r.message = "no PaymentIntent found by search; Stripe search is eventually consistent";
  return r;
}

bool IsSoftDecline(const PaymentResult& r) {
  return r.outcome == Outcome::kDeclined &&
         r.decline_reason == DeclineReason::kAuthenticationRequired;
}

}  // namespace mg::providers::stripe
