// The payment providers markets may route to, declared once in
// regions/common/providers.yaml (docs/markets.md, "Payment methods").
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/load_error.h"

namespace mg::regions {

struct ProviderSpec {
  std::string id;
  std::vector<std::string> methods;         // payment method ids it supports
  std::vector<std::string> payout_methods;  // payout method ids it carries
  std::string source;
  // Where its `id` is declared, for checks made after loading (the gateway
  // checks every id against its provider kinds and config).
  std::string file;
  int line = 0;
  int column = 0;
};

// Immutable after Load().
class ProviderCatalog {
 public:
  ProviderCatalog() = default;

  // Reads `file` ("providers: [{id, methods, payout_methods, source}]"). Errors go to `sink`; the
  // returned catalog holds the providers that were readable.
  static ProviderCatalog Load(const std::string& file, ErrorSink& sink);

  // nullptr for an unknown provider.
  const ProviderSpec* Find(std::string_view id) const;
  bool Supports(std::string_view provider, std::string_view method) const;
  bool SupportsPayout(std::string_view provider, std::string_view method) const;
  const std::map<std::string, ProviderSpec, std::less<>>& providers() const { return providers_; }

 private:
  std::map<std::string, ProviderSpec, std::less<>> providers_;
};

}  // namespace mg::regions
