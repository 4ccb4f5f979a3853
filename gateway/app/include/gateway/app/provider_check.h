// The checks that tie the payment providers of three sources together: the
// provider kinds this gateway was built with (providers::ProviderRegistry),
// the instances its config declares, and the providers the markets may route
// to (regions/common/providers.yaml, which every market route is checked
// against when it loads). Run at start-up, on every market reload (a failing
// reload keeps the last good markets) and by `marketgate validate --config`.
//
// Each error names the file, line and column of the offending entry:
//   deploy/marketgate.yaml:61:5: providers.adyen.settings.merchant_acount:
//       unknown settings 'merchant_acount' (known: merchant_account)
//   regions/common/providers.yaml:30:9: providers[3].id: no provider kind or
//       configured instance 'wero' (kinds: adyen, invoice, pix, sandbox, stripe)
#pragma once

#include <vector>

#include "base/load_error.h"
#include "gateway/app/config.h"
#include "gateway/providers/provider_registry.h"
#include "regions/snapshot.h"

namespace mg::app {

// Every configured instance: its kind exists, every setting and secret name
// is one that kind reads, and its webhook authentication is valid (one by
// mutual TLS needs `webhook_listen`).
std::vector<LoadError> CheckProviderInstances(const GatewayConfig& config,
                                              const providers::ProviderRegistry& registry);

// Every provider the markets may route to is a configured instance or a
// registered kind.
std::vector<LoadError> CheckRoutedProviders(const regions::MarketSnapshot& snapshot,
                                            const GatewayConfig& config,
                                            const providers::ProviderRegistry& registry);

// What the markets can take payments with here. `warnings`: each market and
// method that no configured provider takes ("DE: card routes to adyen,
// stripe; none is configured"); `errors`: each live market where customers
// can pay with no method at all (the gateway must not serve it). Neither
// counts a method the market itself declares unavailable.
struct PaymentCoverage {
  std::vector<std::string> warnings;
  std::vector<LoadError> errors;
};
PaymentCoverage CheckPaymentCoverage(const regions::MarketSnapshot& snapshot,
                                     const GatewayConfig& config,
                                     const providers::ProviderRegistry& registry);

// The provider instances the application builds: every configured one, and
// one of each kind with an implicit instance the config does not name.
std::vector<providers::ProviderConfig> ProviderConfigsOf(
    const GatewayConfig& config, const providers::ProviderRegistry& registry);

}  // namespace mg::app
