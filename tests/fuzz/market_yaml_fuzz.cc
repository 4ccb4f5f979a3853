// Fuzzes the market loader on one market file's text: YAML parsing, the
// packs it includes (the shipped regions/common, read once), every
// cross-check of docs/markets.md and Market::Create, as LoadMarkets runs
// them for each file, without touching the filesystem per input.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>

#include "market_parser.h"

namespace {

namespace internal = mg::regions::internal;

const std::string kRegionsDir = std::string(MG_SOURCE_DIR) + "/regions";

// What every market file is checked against, kept across inputs like the
// loader keeps them across files. Pack errors land in `sink`, emptied per input.
struct Shared {
  mg::ErrorSink sink;
  mg::regions::ProviderCatalog providers =
      mg::regions::ProviderCatalog::Load(kRegionsDir + "/common/providers.yaml", sink);
  internal::PackLibrary packs{kRegionsDir + "/common", &sink};
};

Shared& Fixture() {
  static Shared* shared = new Shared;
  return *shared;
}

// The market code must equal the file name; name the file after the code
// the text declares, so that the checks behind that one are reached.
std::string FileFor(const YAML::Node& root) {
  std::string code = "XX";
  // A missing key yields an invalid node, whose IsScalar() throws.
  const YAML::Node market = root.IsMap() ? root["market"] : YAML::Node();
  if (market.IsDefined() && market.IsScalar()) {
    const std::string& declared = market.Scalar();
    if (!declared.empty() && declared.size() <= 8 &&
        declared.find_first_of("/.\\") == std::string::npos) {
      code = declared;
    }
  }
  return kRegionsDir + "/markets/" + code + ".yaml";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Shared& shared = Fixture();
  shared.sink.TakeErrors();
  std::optional<YAML::Node> root;
  try {
    root = YAML::Load(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const YAML::Exception&) {
    return 0;  // LoadYamlFile reports it; nothing of ours ran
  }
  const std::string file = FileFor(*root);
  std::optional<mg::regions::MarketSpec> spec = internal::ParseMarketDocument(
      file, std::move(root), shared.sink.size(), shared.providers, shared.packs, shared.sink);
  if (spec) (void)mg::regions::Market::Create(std::move(*spec));
  shared.sink.TakeErrors();
  return 0;
}
