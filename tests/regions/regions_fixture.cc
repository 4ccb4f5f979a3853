#include "regions_fixture.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <iterator>

namespace mg::regions::testing {

namespace fs = std::filesystem;

TempRegionsDir::TempRegionsDir() {
  std::string pattern = (fs::temp_directory_path() / "mg_regions_XXXXXX").string();
  char* created = mkdtemp(pattern.data());
  EXPECT_NE(created, nullptr);
  path_ = pattern;
  fs::create_directories(fs::path(path_) / "common");
  fs::create_directories(fs::path(path_) / "markets");
}

TempRegionsDir::~TempRegionsDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string TempRegionsDir::File(const std::string& relative) const {
  return (fs::path(path_) / relative).string();
}

std::string TempRegionsDir::Read(const std::string& relative) const {
  std::ifstream in(File(relative));
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> ErrorLines(const LoadResult& result, const TempRegionsDir& dir) {
  std::vector<std::string> out;
  for (const auto& error : result.errors) {
    out.push_back(ReplaceAll(error.ToString(), dir.path(), "<dir>"));
  }
  return out;
}

void TempRegionsDir::Write(const std::string& relative, const std::string& text) const {
  fs::path file = fs::path(path_) / relative;
  fs::create_directories(file.parent_path());
  // Write to a temporary name and rename, so that a concurrent reader never
  // sees a half-written file.
  fs::path temporary = file;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
  }
  fs::rename(temporary, file);
}

void TempRegionsDir::Remove(const std::string& relative) const {
  fs::remove(fs::path(path_) / relative);
}

void TempRegionsDir::CopyFrom(const std::string& source_dir) const {
  fs::copy(source_dir, path_, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

std::string ShippedRegionsDir() { return std::string(MG_SOURCE_DIR) + "/regions"; }

const char kFixtureProviders[] = R"yaml(providers:
  - id: stripe
    methods: [card]
  - id: adyen
    methods: [card, ideal]
  - id: invoice
    methods: [invoice]
)yaml";

const char kFixtureProvidersWithPayouts[] = R"yaml(providers:
  - id: stripe
    methods: [card]
    payout_methods: [stripe_connect]
  - id: adyen
    methods: [card, ideal]
  - id: invoice
    methods: [invoice]
)yaml";

// Line numbers on the right are what the error tests assert.
const char kFixturePack[] = R"yaml(pack: base
entity: {name: "Test Entity Ltd", country: IE, source: "terms"}
tax:
  rounding: {mode: half_up, level: line, source: "practice"}
  b2b:
    reverse_charge:
      countries: [DE, FR, IE, NL]
      classes: [advertising, digital_service]
      note: "Reverse charge: VAT to be accounted for by the recipient"
      legal_reference: "Council Directive 2006/112/EC, Art. 44 and 196"
      source: "test"
  classes:
    advertising:
      - {name: "VAT", rate: "23", source: "test"}
ads:
  formats:
    in_feed: {pricing: cpm, cpm_floor: "3.00", min_budget: "50.00"}
  payment_terms: [card_prepayment]
rules:
  - id: base.age.coins
    kind: age_gate
    actions: [buy_coins]
    min_age: 13
    unknown_age: deny
    legal_reference: "platform terms"
    source: "test"
)yaml";

const char kFixtureMarket[] = R"yaml(# yaml-language-server: $schema=../market.schema.json
market: DE
name: Germany
includes: [base]
status: live
locales: [de-DE, en-US]
currency: EUR
time_zone: Europe/Berlin
prices_include_tax: true
prices_include_tax_source: "PAngV"
tax:
  classes:
    virtual_currency:
      - {name: "MwSt.", rate: "19", source: "UStG 12(1)"}
    physical_goods_reduced:
      - {name: "MwSt.", rate: "7", source: "UStG 12(2)"}
catalog:
  coin_packs:
    - {sku: coins_70, coins: 70, price: "0.99"}
    - {sku: coins_350, coins: 350, price: "4.99"}
  products:
    - {sku: book, name: "Kochbuch", price: "24.99", tax_class: physical_goods_reduced}
payment_methods:
  - method: card
    providers:
      - {provider: adyen, weight: 80}
      - {provider: stripe, weight: 20}
    source: "contracts"
  - method: ideal
    providers:
      - {provider: adyen}
    source: "contracts"
rules:
  - id: de.coins.limit
    kind: spending_limit
    actions: [buy_coins]
    brackets:
      - {min_age: 16, max_age: 17, per_day: "50.00"}
    legal_reference: "JuSchG"
    source: "test"
)yaml";

void WriteValidFixture(const TempRegionsDir& dir) {
  dir.Write("common/providers.yaml", kFixtureProviders);
  dir.Write("common/base.yaml", kFixturePack);
  dir.Write("markets/DE.yaml", kFixtureMarket);
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "fixture has no '" << from << "'";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace mg::regions::testing
