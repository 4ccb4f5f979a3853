#include "hmrc_client.h"

#include <boost/json.hpp>
#include <cctype>
#include <utility>

namespace mg::vat_check::internal {
namespace {

// A token is renewed this long before HMRC says it expires (4 hours), so that
// none expires between being read here and reaching HMRC.
constexpr std::chrono::seconds kTokenMargin{60};

RegistryAnswer Answer(RegistryAnswer::Verdict verdict, std::string detail) {
  return RegistryAnswer{verdict, std::move(detail), "HMRC"};
}

std::string Trimmed(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

std::string FormEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

HmrcClient::HmrcClient(std::string base_url, std::string client_id, Secret client_secret,
                       std::shared_ptr<const outbound::HttpClient> http, SteadyNow now)
    : base_url_(Trimmed(std::move(base_url))),
      client_id_(std::move(client_id)),
      client_secret_(std::move(client_secret)),
      http_(std::move(http)),
      now_(std::move(now)) {
  if (!now_) now_ = [] { return std::chrono::steady_clock::now(); };
}

std::string HmrcClient::Token(bool renew, std::string& error) const {
  std::lock_guard lock(token_mu_);
  if (!renew && !token_.empty() && now_() < token_expires_) return token_.reveal();
  token_ = Secret();
  outbound::HttpRequest request;
  request.method = "POST";
  request.url = base_url_ + "/oauth/token";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body = "grant_type=client_credentials&client_id=" + FormEncode(client_id_) +
                 "&client_secret=" + FormEncode(client_secret_.reveal()) + "&scope=read%3Avat";
  outbound::HttpResult result = http_->Send(request);
  if (!result.ok()) {
    error = "token request failed: " + result.error;
    return "";
  }
  // Never quote the body in `error`: it may hold a token.
  if (result.response.status != 200) {
    error = "token request answered HTTP " + std::to_string(result.response.status);
    return "";
  }
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(result.response.body, ec);
  const boost::json::value* token = nullptr;
  if (!ec && body.is_object()) token = body.as_object().if_contains("access_token");
  if (token == nullptr || !token->is_string() || token->as_string().empty()) {
    error = "token answer without access_token";
    return "";
  }
  std::chrono::seconds lifetime{14400};
  const boost::json::value* expires_in = body.as_object().if_contains("expires_in");
  if (expires_in != nullptr && expires_in->is_int64() && expires_in->as_int64() > 0) {
    lifetime = std::chrono::seconds(expires_in->as_int64());
  }
  token_ = Secret(std::string(token->as_string()));
  token_expires_ = now_() + (lifetime > 2 * kTokenMargin ? lifetime - kTokenMargin : lifetime / 2);
  return token_.reveal();
}

outbound::HttpResult HmrcClient::Lookup(std::string_view vrn, const std::string& token) const {
  outbound::HttpRequest request;
  request.method = "GET";
  request.url = base_url_ + "/organisations/vat/check-vat-number/lookup/" + std::string(vrn);
  request.headers = {{"Accept", "application/vnd.hmrc.2.0+json"},
                     {"Authorization", "Bearer " + token}};
  return http_->Send(request);
}

RegistryAnswer HmrcClient::Check(std::string_view vrn) const {
  std::string error;
  std::string token = Token(/*renew=*/false, error);
  if (token.empty()) return Answer(RegistryAnswer::Verdict::kUnavailable, error);
  outbound::HttpResult result = Lookup(vrn, token);
  // A token HMRC no longer honours (revoked, or expired early): one fresh
  // token and one more try.
  if (result.ok() && result.response.status == 401) {
    token = Token(/*renew=*/true, error);
    if (token.empty()) return Answer(RegistryAnswer::Verdict::kUnavailable, error);
    result = Lookup(vrn, token);
  }
  return HmrcAnswerOf(result);
}

RegistryAnswer HmrcAnswerOf(const outbound::HttpResult& result) {
  using Verdict = RegistryAnswer::Verdict;
  if (!result.ok()) return Answer(Verdict::kUnavailable, result.error);
  int status = result.response.status;
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(result.response.body, ec);
  const boost::json::object* object = !ec && body.is_object() ? &body.as_object() : nullptr;
  if (status == 200) {
    const boost::json::value* target = object ? object->if_contains("target") : nullptr;
    if (target != nullptr && target->is_object()) return Answer(Verdict::kRegistered, "registered");
    return Answer(Verdict::kUnavailable, "HTTP 200 without a target");
  }
  std::string code;
  if (object != nullptr) {
    const boost::json::value* c = object->if_contains("code");
    if (c != nullptr && c->is_string()) code = std::string(c->as_string());
  }
  if (status == 404) return Answer(Verdict::kNotRegistered, code.empty() ? "NOT_FOUND" : code);
  if (status == 400) {
    return Answer(Verdict::kNotRegistered, code.empty() ? "INVALID_REQUEST" : code);
  }
  return Answer(Verdict::kUnavailable,
                "HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code));
}

}  // namespace mg::vat_check::internal
