#include "vies_client.h"

#include <boost/json.hpp>
#include <utility>

namespace mg::vat_check::internal {
namespace {

RegistryAnswer Answer(RegistryAnswer::Verdict verdict, std::string detail) {
  return RegistryAnswer{verdict, std::move(detail), "VIES"};
}

// The first error code of `errorWrappers: [{"error": "MS_UNAVAILABLE", ...}]`.
std::string FirstErrorCode(const boost::json::object& body) {
  const boost::json::value* wrappers = body.if_contains("errorWrappers");
  if (wrappers == nullptr || !wrappers->is_array() || wrappers->as_array().empty()) return "";
  const boost::json::value& first = wrappers->as_array().front();
  if (!first.is_object()) return "unreadable errorWrappers";
  const boost::json::value* code = first.as_object().if_contains("error");
  if (code == nullptr || !code->is_string()) return "unreadable errorWrappers";
  return std::string(code->as_string());
}

}  // namespace

ViesClient::ViesClient(std::string base_url, std::shared_ptr<const outbound::HttpClient> http)
    : http_(std::move(http)) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  url_ = base_url + "/check-vat-number";
}

RegistryAnswer ViesClient::Check(std::string_view country_code, std::string_view number) const {
  outbound::HttpRequest request;
  request.method = "POST";
  request.url = url_;
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  request.body = boost::json::serialize(
      boost::json::object{{"countryCode", country_code}, {"vatNumber", number}});
  return ViesAnswerOf(http_->Send(request));
}

RegistryAnswer ViesAnswerOf(const outbound::HttpResult& result) {
  using Verdict = RegistryAnswer::Verdict;
  if (!result.ok()) return Answer(Verdict::kUnavailable, result.error);
  const outbound::HttpResponse& response = result.response;
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(response.body, ec);
  if (ec || !parsed.is_object()) {
    return Answer(Verdict::kUnavailable,
                  "HTTP " + std::to_string(response.status) + " with an unreadable body");
  }
  const boost::json::object& body = parsed.as_object();
  // Errors come as {"actionSucceed": false, "errorWrappers": [...]}, with a
  // 4xx/5xx status or, for some member-state errors, with 200.
  std::string code = FirstErrorCode(body);
  if (code == "INVALID_INPUT") return Answer(Verdict::kNotRegistered, "INVALID_INPUT");
  if (!code.empty()) return Answer(Verdict::kUnavailable, code);
  const boost::json::value* valid = body.if_contains("valid");
  if (response.status == 200 && valid != nullptr && valid->is_bool()) {
    return valid->as_bool() ? Answer(Verdict::kRegistered, "valid")
                            : Answer(Verdict::kNotRegistered, "not a valid VAT registration");
  }
  return Answer(Verdict::kUnavailable,
                "HTTP " + std::to_string(response.status) + " without a validity answer");
}

}  // namespace mg::vat_check::internal
