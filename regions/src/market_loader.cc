#include "regions/market_loader.h"

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "market_layers.h"
#include "market_parser.h"
#include "yaml_prefetch.h"

namespace mg::regions {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Market files in name order; XX.cases.yaml files belong to the compliance layer.
std::vector<std::string> MarketFiles(const fs::path& markets_dir) {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(markets_dir, error)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !EndsWith(name, ".yaml") || EndsWith(name, ".cases.yaml")) {
      continue;
    }
    files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A pack's errors are found again for every market that includes it; report
// each once. Stable: the first occurrence keeps its place.
std::vector<LoadError> Deduplicate(std::vector<LoadError> errors) {
  std::vector<LoadError> unique;
  for (auto& error : errors) {
    auto same = [&](const LoadError& e) {
      return std::tie(e.file, e.line, e.column, e.path, e.message) ==
             std::tie(error.file, error.line, error.column, error.path, error.message);
    };
    if (std::none_of(unique.begin(), unique.end(), same)) unique.push_back(std::move(error));
  }
  // Group by file, then by position, keeping discovery order for ties.
  std::stable_sort(unique.begin(), unique.end(), [](const LoadError& a, const LoadError& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
  return unique;
}

// Documents parsed ahead of the market being built: enough to keep every
// core busy, few enough that their trees (~90 KB each) add little to a
// reload's peak memory (docs/performance.md, "Loading 1,000 markets").
constexpr size_t kParseAhead = 16;

}  // namespace

LoadResult LoadMarkets(const std::string& regions_dir, const LoadOptions& options) {
  LoadResult result;
  ErrorSink sink;
  fs::path root(regions_dir);
  fs::path markets_dir = root / "markets";
  fs::path common_dir = root / "common";
  if (!fs::is_directory(markets_dir)) {
    sink.Add(LoadError{markets_dir.string(), 0, 0, "", "not a directory"});
    result.errors = sink.TakeErrors();
    return result;
  }

  ProviderCatalog providers = ProviderCatalog::Load((common_dir / "providers.yaml").string(), sink);
  internal::PackLibrary packs(common_dir.string(), &sink);
  MarketSnapshot::MarketMap markets;
  // File names outlive parsing: NodeContext keeps pointers to them.
  std::vector<std::unique_ptr<std::string>> files;
  for (const std::string& path : MarketFiles(markets_dir)) {
    files.push_back(std::make_unique<std::string>(path));
  }
  internal::YamlPrefetch prefetch(files, kParseAhead);
  for (size_t i = 0; i < files.size(); ++i) {
    internal::YamlDocument document = prefetch.Take(i);
    const std::string& file = *files[i];
    const size_t errors_before = sink.size();
    for (LoadError& error : document.errors.TakeErrors()) sink.Add(std::move(error));
    std::optional<MarketSpec> spec = internal::ParseMarketDocument(
        file, std::move(document.root), errors_before, providers, packs, sink);
    // yaml-cpp nodes copy on move: `document.root` still holds the tree.
    prefetch.Release(i, std::move(document.root));
    document.root.reset();
    if (!spec) continue;
    std::string code = spec->code;
    Result<std::shared_ptr<const Market>> market = Market::Create(std::move(*spec));
    if (!market.ok()) {
      sink.Add(LoadError{file, 0, 0, market.status().param(), market.status().message()});
      continue;
    }
    markets.emplace(code, std::move(*market));
  }

  result.errors = Deduplicate(sink.TakeErrors());
  if (result.errors.empty()) {
    result.snapshot = std::make_shared<const MarketSnapshot>(
        std::move(markets), std::move(providers), options.version, MarketSnapshot::Clock::now(),
        regions_dir);
  }
  return result;
}

}  // namespace mg::regions
