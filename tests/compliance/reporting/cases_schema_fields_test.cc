// The case loader and regions/cases.schema.json agree on the fields (see
// tests/regions/market_schema_fields_test.cc for the method). The shipped
// case files are loaded with a FieldRecorder installed. A case's `request`
// is read by the quote request parser (shared with POST /v1/quotes), which
// is not a FieldReader: its fields are learnt by adding an unknown key to
// each mapping of a request and reading the parser's answer, "unknown
// parameter 'x' (known: ...)".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "compliance/reporting/cases.h"
#include "compliance/request_parser.h"
#include "schema_fields.h"

namespace mg::compliance {
namespace {

namespace fs = std::filesystem;
using mg::testing::FieldSet;
using mg::testing::Minus;
using ::testing::IsEmpty;
using ::testing::StartsWith;

const std::string kRegions = MG_SOURCE_DIR "/regions";
const std::string kProbe = "zz_probe";

// Every mapping the request parser reads, once (the shipped cases have no
// customer.business, no ad.flight and no gift.creator; payout.creator is in
// the probe so that the test learns its keys with or without shipped cases).
const char kProbeRequest[] = R"(
kind: ad_booking
items: [{sku: coins_70, quantity: 1}]
customer: {spend: {}, business: {vat_id: DE136695976, billing_country: DE}}
gift: {coins: 1, creator: {}}
payout: {diamonds: 1, creator: {}}
recurring: {stage: debit}
ad: {format: in_feed, category: other, flight: {start: "2026-01-01", end: "2026-01-02"},
     targeting: {}, advertiser: {}}
)";

// (YAML path from the request, shape) of every mapping in `node`.
void Mappings(const YAML::Node& node, std::vector<std::string> path, const std::string& shape,
              std::vector<std::pair<std::vector<std::string>, std::string>>& out) {
  auto join = [&](const std::string& part) { return shape.empty() ? part : shape + "." + part; };
  if (node.IsMap()) {
    out.emplace_back(path, shape);
    for (const auto& entry : node) {
      path.push_back(entry.first.Scalar());
      Mappings(entry.second, path, join(entry.first.Scalar()), out);
      path.pop_back();
    }
  } else if (node.IsSequence()) {
    for (size_t i = 0; i < node.size(); ++i) {
      path.push_back(std::to_string(i));
      Mappings(node[i], path, shape + "[]", out);
      path.pop_back();
    }
  }
}

// The mappings an order reads instead (kind order: its items are goods).
const char kProbeOrder[] = R"(
kind: order
shipping_address: {country: DE}
seller: {id: seller_1, country: CN}
items: [{listing: l, unit_price: "1.00", tax_class: physical_goods, category: fashion}]
affiliate: {creator: creator_1, rate: "10"}
attribution: {type: live, id: live_1}
)";

// The keys the request parser knows at the mapping at `path` of `probe`.
std::vector<std::string> KnownAt(const char* probe, const std::vector<std::string>& path) {
  YAML::Node request = YAML::Load(probe);
  YAML::Node node = request;
  for (const std::string& part : path) {
    YAML::Node next = node.IsSequence() ? node[std::stoul(part)] : node[part];
    node.reset(next);
  }
  node[kProbe] = true;
  Result<QuoteRequest> parsed = ParseQuoteRequestYaml(request, "DE");
  std::string prefix = "unknown parameter '" + kProbe + "' (known: ";
  const std::string message = parsed.status().message();
  EXPECT_FALSE(parsed.ok());
  EXPECT_THAT(message, StartsWith(prefix)) << "the probe did not reach the mapping";
  if (message.compare(0, prefix.size(), prefix) != 0 || message.back() != ')') return {};
  return mg::testing::SplitList(message.substr(prefix.size(), message.size() - prefix.size() - 1));
}

FieldSet RequestFields() {
  FieldSet fields;
  for (const char* probe : {kProbeRequest, kProbeOrder}) {
    std::vector<std::pair<std::vector<std::string>, std::string>> mappings;
    Mappings(YAML::Load(probe), {}, "cases[].request", mappings);
    for (const auto& [path, shape] : mappings) {
      for (const std::string& key : KnownAt(probe, path)) fields.emplace(shape, key);
    }
  }
  return fields;
}

TEST(CasesSchemaFieldsTest, CaseLoaderAndRequestParserReadWhatTheSchemaDeclares) {
  mg::testing::RecordedFields recorded;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kRegions + "/markets")) {
    std::string file = entry.path().string();
    if (file.size() < 11 || file.compare(file.size() - 11, 11, ".cases.yaml") != 0) continue;
    ErrorSink sink;
    EXPECT_TRUE(LoadCaseFile(file, sink).has_value()) << file;
    for (const LoadError& error : sink.TakeErrors()) ADD_FAILURE() << error.ToString();
    ++files;
  }
  EXPECT_GT(files, 0);
  FieldSet loader = recorded.Of([](const std::string&) { return true; });
  FieldSet request = RequestFields();
  loader.insert(request.begin(), request.end());

  FieldSet schema =
      mg::testing::SchemaFields(mg::testing::ReadJsonFile(kRegions + "/cases.schema.json"), "");
  EXPECT_THAT(Minus(loader, schema), IsEmpty()) << "read by the loader but not in the schema";
  EXPECT_THAT(Minus(schema, loader), IsEmpty()) << "in the schema but never read by the loader";
}

}  // namespace
}  // namespace mg::compliance
