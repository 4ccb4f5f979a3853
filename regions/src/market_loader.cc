#include "regions/market_loader.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>
#include <tuple>

#include "market_layers.h"
#include "market_parser.h"

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

// A market file read and parsed as YAML, with the errors of doing so.
struct YamlDocument {
  std::optional<YAML::Node> root;
  ErrorSink errors;
};

// Reading and YAML-parsing are most of a load (60 % of `marketgate validate`
// on 1,000 markets, perf) and need nothing from other files, so they run on
// every core; yaml-cpp shares no state between documents. Everything that
// does (packs, providers, errors in file order) stays on the caller's thread.
// Files [begin, end) only: the caller parses a batch at a time, because a
// parsed document is ~90 KB of YAML nodes (massif) and 1,000 of them held at
// once were half of a load's peak memory.
std::vector<YamlDocument> ReadYamlDocuments(const std::vector<std::unique_ptr<std::string>>& files,
                                            size_t begin, size_t end) {
  std::vector<YamlDocument> documents(end - begin);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < documents.size(); i = next++) {
      documents[i].root = LoadYamlFile(*files[begin + i], documents[i].errors);
    }
  };
  const size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()),
                                          documents.size() / 16 + 1);
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (std::thread& helper : helpers) helper.join();
  return documents;
}

// Documents parsed together: enough to keep every core busy between joins,
// few enough that their trees (~90 KB each) add little to a reload's peak.
// 64 -> 16: the peak RSS of a gateway reloading 1,000 markets under load
// 145-147 -> 138 MiB, the load no slower (docs/performance.md).
constexpr size_t kParseBatch = 16;

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
  std::vector<YamlDocument> documents;
  for (size_t i = 0; i < files.size(); ++i) {
    if (i % kParseBatch == 0) {
      documents = ReadYamlDocuments(files, i, std::min(files.size(), i + kParseBatch));
    }
    YamlDocument& document = documents[i % kParseBatch];
    const std::string& file = *files[i];
    const size_t errors_before = sink.size();
    for (LoadError& error : document.errors.TakeErrors()) sink.Add(std::move(error));
    std::optional<MarketSpec> spec = internal::ParseMarketDocument(
        file, std::move(document.root), errors_before, providers, packs, sink);
    document.root.reset();  // yaml-cpp nodes copy on move: free the tree now
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
