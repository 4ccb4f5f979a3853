#include "adyen/adyen_three_ds.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "base/idempotency_key.h"
#include "gateway/providers/json_fields.h"

namespace mg::providers::adyen {
namespace {

namespace jf = json_fields;
namespace json = boost::json;

constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kExemptions = {{
    {"lowValue", "low_value"},
    {"secureCorporate", "secure_corporate"},
    {"trustedBeneficiary", "trusted_beneficiary"},
    {"transactionRiskAnalysis", "transaction_risk_analysis"},
}};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

json::object BrowserJson(const BrowserInfo& b) {
  json::object o;
  if (!b.user_agent.empty()) o["userAgent"] = b.user_agent;
  if (!b.accept_header.empty()) o["acceptHeader"] = b.accept_header;
  if (!b.language.empty()) o["language"] = b.language;
  if (b.color_depth > 0) o["colorDepth"] = b.color_depth;
  if (b.screen_height > 0) o["screenHeight"] = b.screen_height;
  if (b.screen_width > 0) o["screenWidth"] = b.screen_width;
  o["timeZoneOffset"] = b.time_zone_offset;  // 0 is UTC, a real value
  o["javaEnabled"] = b.java_enabled;
  o["javaScriptEnabled"] = b.javascript_enabled;
  return o;
}

}  // namespace

mg::Status AddScaFields(const AuthorizeRequest& request, bool after_soft_decline,
                        json::object& body) {
  const ScaRequest& sca = request.sca;
  if (sca.ask == ScaAsk::kNone) return mg::Status::Ok();
  if (request.return_url.empty()) {
    return InvalidArgument("3-D Secure needs a return_url for the shopper's return", "return_url");
  }
  body["shopperInteraction"] = "Ecommerce";
  body["recurringProcessingModel"] = "CardOnFile";
  body["channel"] = "Web";
  if (!sca.origin.empty()) body["origin"] = sca.origin;
  if (sca.browser) body["browserInfo"] = BrowserJson(*sca.browser);
  if (!sca.shopper_ip.empty()) body["shopperIP"] = sca.shopper_ip;
  json::object authentication{{"threeDSRequestData", json::object{{"nativeThreeDS", "preferred"}}}};
  if (sca.ask == ScaAsk::kAuthenticate) {
    authentication["attemptAuthentication"] = "always";
    if (after_soft_decline) {
      body["threeDS2RequestData"] = json::object{{"threeDSRequestorChallengeInd", "04"}};
    }
  } else {
    json::value& extra = body["additionalData"];
    if (!extra.is_object()) extra = json::object{};
    extra.as_object()["scaExemption"] = "lowValue";
  }
  body["authenticationData"] = std::move(authentication);
  return mg::Status::Ok();
}

std::string AuthenticationRetryKey(std::string_view first_key) {
  return mg::DeriveIdempotencyKey(first_key, 0, "authenticate");
}

AuthorizeRequest AuthenticationRetryOf(const AuthorizeRequest& first) {
  AuthorizeRequest retry = first;
  retry.sca.ask = ScaAsk::kAuthenticate;
  retry.idempotency_key = AuthenticationRetryKey(first.idempotency_key);
  return retry;
}

std::string ExemptionName(std::string_view adyen_value) {
  for (const auto& [adyen, ours] : kExemptions) {
    if (adyen == adyen_value) return std::string(ours);
  }
  return "";
}

void ApplyAuthentication(const json::object& answer, PaymentResult& r) {
  const json::object* extra = jf::Object(answer, "additionalData");
  const json::object* result = jf::Object(answer, "threeDS2Result");
  std::string applied = result ? ExemptionName(jf::String(*result, "exemptionIndicator")) : "";
  bool authenticated = (extra && jf::String(*extra, "threeDAuthenticated") == "true") ||
                       (result && jf::String(*result, "transStatus") == "Y");
  std::string requested = extra ? ExemptionName(jf::String(*extra, "scaExemptionRequested")) : "";
  if (!applied.empty()) {
    r.authentication = Authentication::kExempted;
    r.exemption = applied;
  } else if (authenticated) {
    r.authentication = Authentication::kAuthenticated;
  } else if (!requested.empty()) {
    r.authentication = Authentication::kExempted;
    r.exemption = requested;
  }
}

std::optional<DeclineReason> ThreeDsDeclineOf(std::string_view code, std::string_view reason) {
  if (code == "38" || EqualsIgnoreCase(reason, "Authentication required")) {
    return DeclineReason::kAuthenticationRequired;
  }
  if (code == "11" || EqualsIgnoreCase(reason, "3D Not Authenticated") ||
      (reason.size() >= 10 && EqualsIgnoreCase(reason.substr(0, 10), "3d-secure:"))) {
    return DeclineReason::kAuthenticationFailed;
  }
  return std::nullopt;
}

}  // namespace mg::providers::adyen
