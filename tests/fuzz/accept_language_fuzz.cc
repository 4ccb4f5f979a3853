// Fuzzes locale negotiation: an Accept-Language header (and a body's
// "locale") against the locale list of a shipped market. The first byte
// picks the list (every distinct list of the shipped markets), the rest is
// the header: one negotiation per input rather than one per list keeps a
// long run's 10 million inputs within hours (docs/fuzzing.md). The answer
// must always be one of the market's tags, verbatim.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "regions/market_loader.h"

namespace {

struct Negotiation {
  const mg::LocaleNegotiator* negotiator;
  std::vector<std::string> supported;
};

// The shipped markets stay loaded for the whole run; one negotiator per
// distinct locale list.
const std::vector<Negotiation>& Negotiations() {
  static const mg::regions::LoadResult loaded =
      mg::regions::LoadMarkets(std::string(MG_SOURCE_DIR) + "/regions");
  static const std::vector<Negotiation> negotiations = [] {
    if (!loaded.ok()) {
      std::fprintf(stderr, "accept_language_fuzz: the shipped markets do not load\n");
      std::abort();
    }
    std::vector<Negotiation> out;
    std::set<std::vector<std::string>> seen;
    for (const auto& [code, market] : loaded.snapshot->markets()) {
      if (seen.insert(market->locales()).second) {
        out.push_back({&market->negotiator(), market->locales()});
      }
    }
    return out;
  }();
  return negotiations;
}

void RequireSupported(const Negotiation& negotiation, const std::string& tag) {
  const auto& supported = negotiation.supported;
  if (std::find(supported.begin(), supported.end(), tag) != supported.end()) return;
  std::fprintf(stderr, "accept_language_fuzz: '%s' is not a supported tag\n", tag.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::vector<Negotiation>& negotiations = Negotiations();
  const Negotiation& negotiation = negotiations[data[0] % negotiations.size()];
  const std::string_view header(reinterpret_cast<const char*>(data) + 1, size - 1);
  RequireSupported(negotiation, negotiation.negotiator->Negotiate(header));
  RequireSupported(negotiation, negotiation.negotiator->Resolve(header));
  return 0;
}
