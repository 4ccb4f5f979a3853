#include "vat_registry_emulator.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "emulator_util.h"
#include "regions/vat_id.h"

namespace mg::sandbox {
namespace {

constexpr std::array<std::string_view, 4> kDeregistered = {"DE200000005", "DE200000013",
                                                           "XI200000081", "GB200000081"};
constexpr std::string_view kViesUnavailable = "DE301000004";
constexpr std::string_view kHmrcUnavailable = "GB301000067";
constexpr std::string_view kWrongSecret = "wrong-secret";

// What one sandbox server has counted and issued. EmulatorContext has no
// slot for it, so it is kept per server, found by the server's ledger and
// its URL (a later server may reuse a freed ledger's address; reusing the
// port too at once is unlikely, and tests compare counts before and after).
struct RegistryState {
  std::atomic<int> vies{0};
  std::atomic<int> hmrc_token{0};
  std::atomic<int> hmrc_lookup{0};
  std::mutex mu;
  std::set<std::string> tokens;
  int issued = 0;
};

RegistryState& StateOf(const EmulatorContext& ctx) {
  static std::mutex mu;
  static std::map<std::pair<const void*, std::string>, std::unique_ptr<RegistryState>> states;
  std::lock_guard lock(mu);
  std::unique_ptr<RegistryState>& state = states[{&ctx.ledger, ctx.config.public_base_url}];
  if (!state) state = std::make_unique<RegistryState>();
  return *state;
}

bool Listed(std::string_view id) {
  return std::find(kDeregistered.begin(), kDeregistered.end(), id) != kDeregistered.end();
}

bool Registered(const std::string& id) {
  return regions::CheckVatIdOffline(id).valid && !Listed(id);
}

SandboxResponse ViesError(int status, const std::string& code) {
  return JsonResponse(status, boost::json::serialize(boost::json::object{
                                  {"actionSucceed", false},
                                  {"errorWrappers", boost::json::array{boost::json::object{
                                                        {"error", code}, {"message", code}}}}}));
}

SandboxResponse ViesCheck(const SandboxRequest& request, RegistryState& state) {
  ++state.vies;
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(request.body, ec);
  const boost::json::object* object = !ec && body.is_object() ? &body.as_object() : nullptr;
  const boost::json::value* country = object ? object->if_contains("countryCode") : nullptr;
  const boost::json::value* number = object ? object->if_contains("vatNumber") : nullptr;
  if (country == nullptr || number == nullptr || !country->is_string() || !number->is_string() ||
      country->as_string().size() != 2 || number->as_string().empty()) {
    return ViesError(400, "INVALID_INPUT");
  }
  std::string id = std::string(country->as_string()) + std::string(number->as_string());
  if (id == kViesUnavailable) return ViesError(200, "MS_UNAVAILABLE");
  bool valid = Registered(id);
  return JsonResponse(200, boost::json::serialize(boost::json::object{
                               {"countryCode", country->as_string()},
                               {"vatNumber", number->as_string()},
                               {"requestDate", Rfc3339(UnixNow())},
                               {"valid", valid},
                               {"name", valid ? "SANDBOX TRADER " + id : "---"},
                               {"address", valid ? "1 Sandbox Street" : "---"}}));
}

SandboxResponse HmrcToken(const SandboxRequest& request, RegistryState& state) {
  ++state.hmrc_token;
  std::map<std::string, std::string> form = ParseForm(request.body);
  if (form["grant_type"] != "client_credentials" || form["client_id"].empty() ||
      form["client_secret"].empty()) {
    return JsonResponse(400, R"({"error":"invalid_request"})");
  }
  if (form["client_secret"] == kWrongSecret) {
    return JsonResponse(401, R"({"error":"invalid_client"})");
  }
  std::string token;
  {
    std::lock_guard lock(state.mu);
    token = "sbx-hmrc-token-" + std::to_string(++state.issued);
    state.tokens.insert(token);
  }
  return JsonResponse(200, boost::json::serialize(boost::json::object{{"access_token", token},
                                                                      {"token_type", "bearer"},
                                                                      {"expires_in", 14400},
                                                                      {"scope", "read:vat"}}));
}

SandboxResponse HmrcError(int status, const std::string& code, const std::string& message) {
  return JsonResponse(
      status, boost::json::serialize(boost::json::object{{"code", code}, {"message", message}}));
}

SandboxResponse HmrcLookup(const SandboxRequest& request, const std::string& vrn,
                           RegistryState& state) {
  ++state.hmrc_lookup;
  if (request.Header("accept") != "application/vnd.hmrc.2.0+json") {
    return HmrcError(406, "ACCEPT_HEADER_INVALID", "The accept header is missing or invalid");
  }
  std::string authorization = request.Header("authorization");
  std::string token =
      authorization.rfind("Bearer ", 0) == 0 ? authorization.substr(7) : std::string();
  {
    std::lock_guard lock(state.mu);
    if (state.tokens.count(token) == 0) {
      return HmrcError(401, "INVALID_CREDENTIALS", "Invalid Authentication information provided");
    }
  }
  bool digits = std::all_of(vrn.begin(), vrn.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || (vrn.size() != 9 && vrn.size() != 12)) {
    return HmrcError(400, "INVALID_REQUEST",
                     "Invalid targetVrn - Vrn parameters should be 9 or 12 digits");
  }
  std::string id = "GB" + vrn;
  if (id == kHmrcUnavailable) return HmrcError(500, "INTERNAL_SERVER_ERROR", "Unknown error");
  if (!Registered(id)) {
    return HmrcError(404, "NOT_FOUND", "targetVrn does not match a registered company");
  }
  boost::json::object address{
      {"line1", "1 Sandbox Street"}, {"postcode", "SW1A 1AA"}, {"countryCode", "GB"}};
  boost::json::object target{
      {"name", "SANDBOX TRADER " + id}, {"vatNumber", vrn}, {"address", std::move(address)}};
  return JsonResponse(
      200, boost::json::serialize(boost::json::object{{"target", std::move(target)},
                                                      {"processingDate", Rfc3339(UnixNow())}}));
}

}  // namespace

SandboxResponse HandleVatRegistries(const SandboxRequest& request, EmulatorContext& ctx) {
  RegistryState& state = StateOf(ctx);
  const std::string& path = request.path;
  static const std::string kLookup = "/hmrc/organisations/vat/check-vat-number/lookup/";
  if (path == "/vies/check-vat-number" && request.method == "POST") {
    return ViesCheck(request, state);
  }
  if (path == "/hmrc/oauth/token" && request.method == "POST") return HmrcToken(request, state);
  if (path.rfind(kLookup, 0) == 0 && request.method == "GET") {
    return HmrcLookup(request, path.substr(kLookup.size()), state);
  }
  if (path == "/_sandbox/requests" && request.method == "GET") {
    return JsonResponse(200, boost::json::serialize(
                                 boost::json::object{{"vies", state.vies.load()},
                                                     {"hmrc_token", state.hmrc_token.load()},
                                                     {"hmrc_lookup", state.hmrc_lookup.load()}}));
  }
  return JsonResponse(404, R"({"code":"MATCHING_RESOURCE_NOT_FOUND"})");
}

}  // namespace mg::sandbox
