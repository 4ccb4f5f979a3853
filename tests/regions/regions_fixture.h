// Temporary regions directories for loader, registry, tax and CLI tests: a
// small valid fixture (one pack, one market) that tests copy and break.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "regions/market_loader.h"

namespace mg::regions::testing {

// A fresh directory under the system temp dir with common/ and markets/;
// removed with everything in it on destruction.
class TempRegionsDir {
 public:
  TempRegionsDir();
  ~TempRegionsDir();
  TempRegionsDir(const TempRegionsDir&) = delete;
  TempRegionsDir& operator=(const TempRegionsDir&) = delete;

  const std::string& path() const { return path_; }
  // `relative` like "markets/DE.yaml"; the full path as the loader names it.
  std::string File(const std::string& relative) const;
  void Write(const std::string& relative, const std::string& text) const;
  // The text of `relative` ("markets/DE.yaml"); empty when there is none.
  std::string Read(const std::string& relative) const;
  void Remove(const std::string& relative) const;
  // Copies every file of `source_dir` (recursively) into this directory.
  void CopyFrom(const std::string& source_dir) const;

 private:
  std::string path_;
};

// Each error of a load as "file:line:column: ...", the directory written as
// <dir> so that expectations do not depend on where the test ran.
std::vector<std::string> ErrorLines(const LoadResult& result, const TempRegionsDir& dir);

// The shipped regions/ of the source tree.
std::string ShippedRegionsDir();

// providers.yaml of the fixture: stripe (card), adyen (card, ideal), invoice.
extern const char kFixtureProviders[];
// The same, with stripe also carrying creator payouts (stripe_connect).
extern const char kFixtureProvidersWithPayouts[];
// Pack "base": entity (IE), rounding, reverse charge, advertising class, one rule.
extern const char kFixturePack[];
// Market DE including "base". Line numbers matter to the error tests; see the
// comments in regions_fixture.cc.
extern const char kFixtureMarket[];

// Writes providers, pack and market DE into `dir`.
void WriteValidFixture(const TempRegionsDir& dir);

// `text` with the first occurrence of `from` replaced (the test fails when
// there is none).
std::string Replace(std::string text, const std::string& from, const std::string& to);

// `text` with every occurrence of `from` replaced.
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to);

}  // namespace mg::regions::testing
