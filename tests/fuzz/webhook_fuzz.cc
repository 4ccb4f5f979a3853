// Fuzzes every registered provider kind's webhook verifier (the registry's
// ProviderKind::verify_webhook, as the webhook route calls it), twice per
// input:
//   1. with the input's signature, to exercise each signature header's
//      parsing and its refusal (it almost never verifies);
//   2. with a valid signature computed for the input's body, so that the
//      event parsing and mapping behind verification run too.
// Input: the signature header's value, a newline, the body.
//
// A new kind with webhooks must get a signer in SignFor() below; the target
// aborts at its first input until it has one, so no kind goes unfuzzed.
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adyen/adyen_webhook.h"
#include "gateway/providers/provider_registry.h"
#include "stripe/stripe_webhook.h"

namespace {

namespace providers = mg::providers;

// Hex, as Adyen requires; the other kinds take any text.
const mg::Secret kSecret("44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056");
constexpr int64_t kNowSeconds = 1764072000;

struct SignedCall {
  std::string body;
  std::string signature;
};

// Adyen signs each notification item inside the body: replace every item's
// additionalData.hmacSignature with the right one.
SignedCall SignAdyen(std::string_view body) {
  mg::Result<std::vector<providers::adyen::NotificationItem>> items =
      providers::adyen::ParseNotification(body);
  boost::system::error_code error;
  boost::json::value doc = boost::json::parse(body, error);
  boost::json::array* wrappers = nullptr;
  if (!error && doc.is_object()) {
    if (boost::json::value* list = doc.get_object().if_contains("notificationItems")) {
      wrappers = list->if_array();
    }
  }
  if (!items.ok() || wrappers == nullptr || wrappers->size() != items->size()) {
    return {std::string(body), ""};
  }
  for (size_t i = 0; i < items->size(); ++i) {
    mg::Result<std::string> hmac = providers::adyen::ComputeHmac((*items)[i], kSecret);
    boost::json::object& item =
        (*wrappers)[i].get_object().at("NotificationRequestItem").get_object();
    boost::json::value& extra = item["additionalData"];
    if (!extra.is_object()) extra = boost::json::object();
    extra.get_object()["hmacSignature"] = hmac.ok() ? *hmac : "";
  }
  return {boost::json::serialize(doc), ""};
}

// The call `kind` would receive for `body` from its provider.
SignedCall SignFor(const providers::ProviderKind& kind, std::string_view body) {
  // Stripe, and the sandbox's signature on Pix calls, use Stripe's scheme.
  if (kind.name == "stripe" || kind.name == "pix") {
    return {std::string(body), providers::stripe::SignPayload(body, kSecret, kNowSeconds)};
  }
  if (kind.name == "adyen") return SignAdyen(body);
  std::fprintf(stderr, "webhook_fuzz: kind '%s' has webhooks but no signer here\n",
               kind.name.c_str());
  std::abort();
}

std::vector<std::shared_ptr<const providers::ProviderKind>> KindsWithWebhooks() {
  providers::ProviderRegistry registry = providers::ProviderRegistry::WithBuiltins();
  std::vector<std::shared_ptr<const providers::ProviderKind>> kinds;
  for (const std::string& name : registry.kinds()) {
    std::shared_ptr<const providers::ProviderKind> kind = registry.Find(name);
    if (kind->verify_webhook != nullptr) kinds.push_back(kind);
  }
  return kinds;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto kinds = KindsWithWebhooks();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view signature =
      newline == std::string_view::npos ? std::string_view() : input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? input : input.substr(newline + 1);
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(kNowSeconds));

  for (const auto& kind : kinds) {
    (void)kind->verify_webhook({.body = body, .signature = signature, .now = now}, kSecret);
    const SignedCall call = SignFor(*kind, body);
    (void)kind->verify_webhook({.body = call.body, .signature = call.signature, .now = now},
                               kSecret);
  }
  return 0;
}
