// The market loader and regions/market.schema.json agree on the fields: every
// key the loader asks for (and so accepts) is declared by the schema at the
// same place, and every key the schema declares is asked for. The loader is
// run on the shipped files with a FieldRecorder installed; FieldReaders mark
// a key when they ask for it, present or not, so optional fields count as
// long as the code that reads their mapping runs. Rules are also parsed one
// per kind from small documents (the shipped files declare no
// spending_limit rule). tests/regions/schema_test.py checks the values.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "regions/market.h"
#include "regions/market_loader.h"
#include "regions/rules.h"
#include "regions_fixture.h"
#include "schema_fields.h"

namespace mg::regions {
namespace {

namespace json = boost::json;
using mg::testing::AtShape;
using mg::testing::FieldSet;
using mg::testing::FoldEntryMaps;
using mg::testing::Minus;
using mg::testing::NotAtShape;
using mg::testing::RecordedFields;
using mg::testing::SchemaFields;
using ::testing::IsEmpty;

const std::string kRegions = MG_SOURCE_DIR "/regions";

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool IsProvidersFile(const std::string& file) { return EndsWith(file, "/common/providers.yaml"); }
bool IsPackFile(const std::string& file) {
  return file.find("/common/") != std::string::npos && !IsProvidersFile(file);
}
bool IsMarketFile(const std::string& file) {
  return EndsWith(file, ".yaml") && !IsPackFile(file) && !IsProvidersFile(file);
}

FieldSet Union(FieldSet a, const FieldSet& b) {
  a.insert(b.begin(), b.end());
  return a;
}

std::set<std::string> Keys(const FieldSet& fields, const std::string& shape) {
  std::set<std::string> keys;
  for (const auto& [at, key] : AtShape(fields, shape)) keys.insert(key);
  return keys;
}

// What ParseRule asks for in one `rules:` item (at shape "rules[]") with
// `fields`. The nested mappings are added so that their fields are asked for
// too; a kind without such a field ignores them (it reports them as unknown,
// which does not matter here: only what is asked for does).
FieldSet RuleFields(const std::string& fields) {
  static const std::string kFile = "rule-fixture.yaml";
  RecordedFields recorded;
  ErrorSink sink;
  NodeContext context = NodeContext{&kFile, "", &sink}.Child("rules").Index(0);
  YAML::Node node = YAML::Load("{" + fields +
                               ", brackets: [{}], low_value_exemption: {}, conditions: {},"
                               " labels: {}}");
  ParseRule(node, context, *CurrencyCode::Parse("EUR"));
  return recorded.Of([](const std::string&) { return true; });
}

// A rule of `kind`, declared and switched off (which also reads `reason`).
FieldSet RulesOfKind(const std::string& kind) {
  return Union(RuleFields("id: t.rule, kind: " + kind),
               RuleFields("id: t.rule, disabled: true, kind: " + kind));
}

// What the loader reads of the shipped files with what none of them declares
// yet: a shop category with a minimum age and a processing fee (in a copy of
// the shipped files, DE's commerce section extended).
FieldSet CommerceOptionalFields() {
  testing::TempRegionsDir dir;
  dir.CopyFrom(kRegions);
  dir.Write("markets/DE.yaml",
            testing::Replace(dir.Read("markets/DE.yaml"), "  categories:\n",
                             "  processing_fee: {percent: \"2\", basis: \"test\"}\n"
                             "  categories:\n"
                             "    knives:\n"
                             "      referral_fee: {percent: \"5\", basis: \"test\"}\n"
                             "      min_age: {age: 18, reason: r, legal_reference: l, source: s, "
                             "verified: false}\n"));
  RecordedFields recorded;
  LoadResult result = LoadMarkets(dir.path());
  for (const LoadError& error : result.errors) ADD_FAILURE() << error.ToString();
  return recorded.Of(IsMarketFile);
}

// The rule kinds the loader knows, from its answer to an unknown kind.
std::set<std::string> LoaderKinds() {
  static const std::string kFile = "rule-fixture.yaml";
  ErrorSink sink;
  ParseRule(YAML::Load("{id: t.rule, kind: zz_probe, legal_reference: x, source: x}"),
            NodeContext{&kFile, "", &sink}, *CurrencyCode::Parse("EUR"));
  const std::string prefix = "unknown value 'zz_probe'; expected one of: ";
  std::set<std::string> kinds;
  for (const LoadError& error : sink.TakeErrors()) {
    if (error.message.compare(0, prefix.size(), prefix) != 0) continue;
    for (const std::string& kind : mg::testing::SplitList(error.message.substr(prefix.size()))) {
      kinds.insert(kind);
    }
  }
  return kinds;
}

class MarketSchemaFieldsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    schema_ = new json::value(mg::testing::ReadJsonFile(kRegions + "/market.schema.json"));
    RecordedFields recorded;
    LoadResult result = LoadMarkets(kRegions);
    for (const LoadError& error : result.errors) load_errors_.push_back(error.ToString());
    markets_ = new FieldSet(Union(recorded.Of(IsMarketFile), CommerceOptionalFields()));
    packs_ = new FieldSet(recorded.Of(IsPackFile));
    providers_ = new FieldSet(recorded.Of(IsProvidersFile));
    rules_ = new FieldSet(RuleFields("id: t.rule, disabled: true"));
    for (const json::value& branch : Branches()) {
      if (const json::value* kind = KindOf(branch)) {
        *rules_ = Union(*rules_, RulesOfKind(std::string(kind->as_string())));
      }
    }
  }

  // The branches of $defs/rule, each resolved: {"$ref": "#/$defs/scaRule"}.
  static std::vector<json::value> Branches() {
    std::vector<json::value> branches;
    for (const json::value& ref : schema_->at_pointer("/$defs/rule/oneOf").as_array()) {
      std::string pointer(ref.at("$ref").as_string().subview().substr(1));
      branches.push_back(schema_->at_pointer(pointer));
    }
    return branches;
  }
  static const json::value* KindOf(const json::value& branch) {
    const json::value* kind = branch.at("properties").as_object().if_contains("kind");
    return kind ? kind->as_object().if_contains("const") : nullptr;
  }
  static FieldSet Schema(const std::string& pointer) { return SchemaFields(*schema_, pointer); }

  static inline json::value* schema_ = nullptr;
  static inline std::vector<std::string> load_errors_;
  // What the loader read, by kind of file; rules_: the rule documents.
  static inline FieldSet* markets_ = nullptr;
  static inline FieldSet* packs_ = nullptr;
  static inline FieldSet* providers_ = nullptr;
  static inline FieldSet* rules_ = nullptr;
};

TEST_F(MarketSchemaFieldsTest, ShippedFilesLoadSoEveryReaderRan) {
  EXPECT_THAT(load_errors_, IsEmpty());
  EXPECT_FALSE(markets_->empty());
  EXPECT_FALSE(packs_->empty());
  EXPECT_FALSE(providers_->empty());
}

// Top-level keys differ by kind of file: `market:` only in markets, `pack:`
// only in packs, `providers:` only in providers.yaml.
TEST_F(MarketSchemaFieldsTest, TopLevelFieldsMatchPerKindOfFile) {
  for (const auto& [pointer, read] : {std::pair{"/$defs/market", *markets_},
                                      {"/$defs/pack", *packs_},
                                      {"/$defs/providersFile", *providers_}}) {
    FieldSet schema = AtShape(Schema(pointer), "");
    FieldSet loader = AtShape(read, "");
    EXPECT_THAT(Minus(loader, schema), IsEmpty()) << pointer << ": read but not in the schema";
    EXPECT_THAT(Minus(schema, loader), IsEmpty()) << pointer << ": in the schema but never read";
  }
}

// Below the top level, packs and markets share their sections (entity, tax,
// payment_methods, ads, rules) and the code that reads them.
TEST_F(MarketSchemaFieldsTest, NestedFieldsMatch) {
  FieldSet loader = Union(Union(*markets_, *packs_), *rules_);
  FieldSet schema =
      FoldEntryMaps(Union(Schema("/$defs/market"), Schema("/$defs/pack")), loader).fields;
  loader = NotAtShape(loader, "");
  schema = NotAtShape(schema, "");
  EXPECT_THAT(Minus(loader, schema), IsEmpty()) << "read by the loader but not in the schema";
  EXPECT_THAT(Minus(schema, loader), IsEmpty()) << "in the schema but never read by the loader";

  FieldSet providers = Schema("/$defs/providersFile");
  EXPECT_THAT(Minus(NotAtShape(*providers_, ""), NotAtShape(providers, "")), IsEmpty());
  EXPECT_THAT(Minus(NotAtShape(providers, ""), NotAtShape(*providers_, "")), IsEmpty());
}

// One loader reads a section wherever it is declared, so the pack schema
// must describe every shared section exactly as the market schema does.
TEST_F(MarketSchemaFieldsTest, PackSectionsAreTheMarketSections) {
  FieldSet pack = NotAtShape(Schema("/$defs/pack"), "");
  FieldSet market = Schema("/$defs/market");
  std::set<std::string> shapes;
  for (const auto& [shape, key] : pack) shapes.insert(shape);
  for (const std::string& shape : shapes) {
    EXPECT_EQ(Keys(pack, shape), Keys(market, shape)) << shape;
  }
}

// The rules' oneOf is one branch per kind the loader knows, plus the
// switch-off: a rule of a kind is read with exactly its branch's fields (the
// flat comparison above sees only their union).
TEST_F(MarketSchemaFieldsTest, EachRuleKindMatchesItsBranch) {
  std::set<std::string> kinds;
  int switch_offs = 0;
  for (const json::value& branch : Branches()) {
    std::set<std::string> schema;
    for (const auto& [key, value] : branch.at("properties").as_object()) schema.emplace(key);
    std::set<std::string> loader;
    if (const json::value* kind = KindOf(branch)) {
      kinds.emplace(kind->as_string());
      loader = Keys(RulesOfKind(std::string(kind->as_string())), "rules[]");
    } else {
      ++switch_offs;
      // A switch-off ({id, disabled: true, reason, source}). The loader asks
      // it for `kind` too; a rule that names its kind is a whole rule of that
      // kind, switched off, which the kind's own branch describes.
      loader = Keys(RuleFields("id: t.rule, disabled: true"), "rules[]");
      loader.erase("kind");
    }
    EXPECT_EQ(loader, schema) << json::serialize(branch.at("description"));
  }
  EXPECT_FALSE(kinds.empty());
  EXPECT_EQ(kinds, LoaderKinds());
  EXPECT_EQ(switch_offs, 1);  // a kind branch without its `kind` const would count here
}

// tax.classes is read entry by entry and each name checked in code; the
// schema names the classes. Both lists must be the same.
TEST_F(MarketSchemaFieldsTest, TaxClassNamesAreTheKnownClasses) {
  FieldSet loader = Union(*markets_, *packs_);
  auto folded = FoldEntryMaps(Union(Schema("/$defs/market"), Schema("/$defs/pack")), loader);
  std::set<std::string> known(KnownTaxClasses().begin(), KnownTaxClasses().end());
  EXPECT_EQ(folded.entry_names.size(), 2u);  // tax.classes, subdivisions.{}.classes
  for (const auto& [map, names] : folded.entry_names) EXPECT_EQ(names, known) << map;
}

}  // namespace
}  // namespace mg::regions
