// ProviderRegistry: which adapter kinds exist (one explicit list of
// registration lines in gateway/providers/registry.cc, no static
// self-registration), and the adapters built from config.
//
//   ProviderRegistry registry = ProviderRegistry::WithBuiltins();
//   Result<std::shared_ptr<const ProviderSet>> set = registry.Build(configs);
//   const PaymentProvider* stripe = (*set)->Find("stripe");
//
// Adding an adapter = one folder gateway/providers/<name>/ plus one line
// `registry.Add("<name>", &Make<Name>Provider);` in registry.cc.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "currency/status.h"
#include "gateway/providers/http_client.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/providers/secret.h"

namespace mg::providers {

// Configuration of one provider instance, validated by its factory.
struct ProviderConfig {
  std::string id{};        // unique instance id used by routing: "stripe", "stripe_eu"
  std::string kind{};      // adapter: "stripe", "adyen", "pix", "invoice", "sandbox"
  std::string base_url{};  // "https://api.stripe.com"; the sandbox's URL in tests
  Secret api_key{};        // Stripe secret key, Adyen X-API-Key, Pix static token
  // Adapter-specific plain settings, documented in docs/providers.md
  // ("merchant_account", "pix_key", "oauth_token_url", "client_id", ...).
  std::map<std::string, std::string> settings{};
  // Adapter-specific secrets ("client_secret", "webhook_secret", "hmac_key").
  std::map<std::string, Secret> secrets{};
  HttpClientOptions http{};
  // Wall clock for dates the adapter computes (invoice due dates, Pix
  // expiry). Default: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
};

using ProviderFactory = Result<std::unique_ptr<PaymentProvider>> (*)(const ProviderConfig&);

// The adapters built from config; immutable and shared by every request.
class ProviderSet {
 public:
  // nullptr for an unknown id.
  const PaymentProvider* Find(std::string_view id) const;
  std::vector<std::string> ids() const;

 private:
  friend class ProviderRegistry;
  std::map<std::string, std::unique_ptr<PaymentProvider>, std::less<>> providers_;
};

class ProviderRegistry {
 public:
  // A registry holding every built-in adapter kind (registry.cc).
  static ProviderRegistry WithBuiltins();

  // Registers a kind. Registering the same kind twice is a programming
  // error and aborts.
  void Add(std::string kind, ProviderFactory factory);
  bool Has(std::string_view kind) const;
  std::vector<std::string> kinds() const;

  // Builds one adapter per entry. Fails on an unknown kind, a duplicate or
  // empty id, or a config its factory rejects (the message names the id).
  Result<std::shared_ptr<const ProviderSet>> Build(
      const std::vector<ProviderConfig>& configs) const;

 private:
  std::map<std::string, ProviderFactory, std::less<>> factories_;
};

// The built-in factories, each defined in its adapter's folder.
Result<std::unique_ptr<PaymentProvider>> MakeSandboxProvider(const ProviderConfig& config);
Result<std::unique_ptr<PaymentProvider>> MakeStripeProvider(const ProviderConfig& config);
Result<std::unique_ptr<PaymentProvider>> MakeAdyenProvider(const ProviderConfig& config);
Result<std::unique_ptr<PaymentProvider>> MakePixProvider(const ProviderConfig& config);
Result<std::unique_ptr<PaymentProvider>> MakeInvoiceProvider(const ProviderConfig& config);

}  // namespace mg::providers
