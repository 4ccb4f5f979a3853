#include "sca_input.h"

#include <string>
#include <string_view>

#include "request_body.h"

namespace mg::api {
namespace {

// Browsers send a few hundred bytes; anything far longer is not a header
// value a provider would accept.
constexpr std::size_t kMaxText = 2048;

Status ReadText(const boost::json::object& object, std::string_view key, std::string_view param,
                std::string& out) {
  MG_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalString(object, key, param));
  if (!text) return Status::Ok();
  if (text->size() > kMaxText) {
    return InvalidArgument(std::string(param) + " is longer than 2048 characters",
                           std::string(param));
  }
  out = std::move(*text);
  return Status::Ok();
}

Status ReadNumber(const boost::json::object& object, std::string_view key, std::string_view param,
                  int64_t min, int64_t max, int& out) {
  MG_ASSIGN_OR_RETURN(std::optional<int64_t> number, OptionalInt(object, key, param));
  if (!number) return Status::Ok();
  if (*number < min || *number > max) {
    return InvalidArgument(std::string(param) + " must be between " + std::to_string(min) +
                               " and " + std::to_string(max),
                           std::string(param));
  }
  out = static_cast<int>(*number);
  return Status::Ok();
}

Status ReadFlag(const boost::json::object& object, std::string_view key, std::string_view param,
                bool& out) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return Status::Ok();
  if (!value->is_bool())
    return InvalidArgument(std::string(param) + " must be a boolean", std::string(param));
  out = value->as_bool();
  return Status::Ok();
}

Result<providers::BrowserInfo> ParseBrowser(const boost::json::object& browser) {
  MG_RETURN_IF_ERROR(
      OnlyMembers(browser,
                  {"user_agent", "accept_header", "language", "color_depth", "screen_height",
                   "screen_width", "time_zone_offset", "java_enabled", "javascript_enabled"},
                  "payment.browser."));
  providers::BrowserInfo info;
  MG_RETURN_IF_ERROR(
      ReadText(browser, "user_agent", "payment.browser.user_agent", info.user_agent));
  MG_RETURN_IF_ERROR(
      ReadText(browser, "accept_header", "payment.browser.accept_header", info.accept_header));
  MG_RETURN_IF_ERROR(ReadText(browser, "language", "payment.browser.language", info.language));
  MG_RETURN_IF_ERROR(
      ReadNumber(browser, "color_depth", "payment.browser.color_depth", 1, 48, info.color_depth));
  MG_RETURN_IF_ERROR(ReadNumber(browser, "screen_height", "payment.browser.screen_height", 1,
                                100000, info.screen_height));
  MG_RETURN_IF_ERROR(ReadNumber(browser, "screen_width", "payment.browser.screen_width", 1, 100000,
                                info.screen_width));
  // UTC-14 to UTC+12, in minutes, as getTimezoneOffset() reports them.
  MG_RETURN_IF_ERROR(ReadNumber(browser, "time_zone_offset", "payment.browser.time_zone_offset",
                                -840, 720, info.time_zone_offset));
  MG_RETURN_IF_ERROR(
      ReadFlag(browser, "java_enabled", "payment.browser.java_enabled", info.java_enabled));
  MG_RETURN_IF_ERROR(ReadFlag(browser, "javascript_enabled", "payment.browser.javascript_enabled",
                              info.javascript_enabled));
  return info;
}

}  // namespace

providers::ScaAsk ScaAskOf(const store::Purchase& purchase, const boost::json::value& quote) {
  if (!purchase.sca_regime.empty()) return providers::ScaAsk::kAuthenticate;
  const boost::json::object* q = quote.if_object();
  // A debit under a recurring mandate that passed its SCA rule claims no
  // exemption: the mandate's registration was authenticated.
  const boost::json::value* recurring = q == nullptr ? nullptr : q->if_contains("recurring");
  if (recurring != nullptr && recurring->is_object()) {
    const boost::json::value* stage = recurring->get_object().if_contains("stage");
    if (stage != nullptr && stage->is_string() && stage->get_string() == "debit") {
      return providers::ScaAsk::kNone;
    }
  }
  const boost::json::value* decision = q == nullptr ? nullptr : q->if_contains("decision");
  const boost::json::object* d = decision == nullptr ? nullptr : decision->if_object();
  const boost::json::value* checks = d == nullptr ? nullptr : d->if_contains("checks");
  if (checks == nullptr || !checks->is_array()) return providers::ScaAsk::kNone;
  for (const boost::json::value& check : checks->get_array()) {
    const boost::json::object* c = check.if_object();
    if (c == nullptr) continue;
    const boost::json::value* kind = c->if_contains("kind");
    const boost::json::value* outcome = c->if_contains("outcome");
    if (kind != nullptr && outcome != nullptr && kind->is_string() && outcome->is_string() &&
        kind->get_string() == "sca" && outcome->get_string() == "pass") {
      return providers::ScaAsk::kLowValueExemption;
    }
  }
  return providers::ScaAsk::kNone;
}

Status ParseShopperDevice(const boost::json::object& payment, providers::ScaRequest& sca) {
  MG_ASSIGN_OR_RETURN(const boost::json::object* browser,
                      OptionalObject(payment, "browser", "payment.browser"));
  if (browser != nullptr) {
    MG_ASSIGN_OR_RETURN(providers::BrowserInfo info, ParseBrowser(*browser));
    sca.browser = std::move(info);
  }
  MG_RETURN_IF_ERROR(ReadText(payment, "ip", "payment.ip", sca.shopper_ip));
  return ReadText(payment, "origin", "payment.origin", sca.origin);
}

}  // namespace mg::api
