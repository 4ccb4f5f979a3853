// Covers compliance/reporting/src/case_loader.cc and case_runner.cc (RunCase) against an
// in-memory market, independent of the shipped regions/ data.
#include "compliance/reporting/cases.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temp_dir.h"
#include "test_market.h"

namespace mg::compliance {
namespace {

using ::testing::HasSubstr;

constexpr char kCases[] = R"(# test cases
cases:
  - id: de-coins-adult
    description: An adult buys 70 coins.
    request:
      kind: purchase
      items: [{sku: coins_70, quantity: 1}]
      customer: {age: 30, consent_immediate_delivery: true, payment_method: card}
    expect:
      decision: allow
      fired: []
      passed: [age.coins, eu.psd2.sca]
      totals: {total: "0.99", tax: "0.16", subtotal: "0.83"}
      tax_lines: [{name: "MwSt.", rate: "19.0", amount: "0.16"}]
  - id: de-coins-wrong
    description: Expects the wrong tax and the wrong decision.
    request:
      kind: purchase
      items: [{sku: coins_7000, quantity: 1}]
      customer: {age: 17, consent_immediate_delivery: true}
    expect:
      decision: allow_with_requirements
      requirements: [sca]
      fired: [eu.psd2.sca, no.such.rule]
      passed: [age.coins]
      totals: {total: "99.99", tax: "15.97"}
      tax_lines: [{name: "MwSt.", rate: "7", amount: "15.96"}]
)";

class CasesTest : public ::testing::Test {
 protected:
  CasesTest() {
    regions::MarketSpec de = testing::GermanSpec();
    de.rules = {testing::AgeGate("age.coins", {regions::Action::kBuyCoins}, 18),
                testing::Psd2Sca()};
    snapshot_ = testing::SnapshotOf({testing::BuildMarket(std::move(de))});
  }

  std::optional<CaseFile> Load(const std::string& text) {
    sink_ = mg::ErrorSink();
    return LoadCaseFile(dir_.Write("markets/DE.cases.yaml", text), sink_);
  }
  std::string Errors() const {
    std::string out;
    for (const auto& error : sink_.errors()) out += error.ToString() + "\n";
    return out;
  }

  testing::TempDir dir_;
  mg::ErrorSink sink_;
  std::shared_ptr<const regions::MarketSnapshot> snapshot_;
};

TEST_F(CasesTest, LoadsCasesWithTheirLines) {
  std::optional<CaseFile> file = Load(kCases);
  ASSERT_TRUE(file) << Errors();
  EXPECT_EQ(file->market, "DE");
  ASSERT_EQ(file->cases.size(), 2u);
  EXPECT_EQ(file->cases[0].id, "de-coins-adult");
  EXPECT_EQ(file->cases[0].line, 3);
  EXPECT_EQ(file->cases[0].request.market, "DE");
  EXPECT_EQ(file->cases[0].expect.passed, (std::vector<std::string>{"age.coins", "eu.psd2.sca"}));
  EXPECT_EQ(file->cases[1].expect.requirements, std::vector<std::string>{"sca"});
  EXPECT_EQ(*file->cases[1].expect.tax, "15.97");
}

TEST_F(CasesTest, PassingCasePasses) {
  std::optional<CaseFile> file = Load(kCases);
  ASSERT_TRUE(file);
  CaseResult result = RunCase(*snapshot_, file->cases[0], DecisionContext{});
  EXPECT_TRUE(result.passed);
  for (const auto& mismatch : result.mismatches) ADD_FAILURE() << mismatch.ToString();
  ASSERT_TRUE(result.quote);
}

TEST_F(CasesTest, FailingCaseNamesEachMismatchedField) {
  std::optional<CaseFile> file = Load(kCases);
  ASSERT_TRUE(file);
  CaseResult result = RunCase(*snapshot_, file->cases[1], DecisionContext{});
  EXPECT_FALSE(result.passed);
  std::vector<std::string> messages;
  for (const auto& mismatch : result.mismatches) messages.push_back(mismatch.ToString());
  EXPECT_THAT(messages,
              ::testing::Contains(HasSubstr(
                  "decision: expected allow_with_requirements, got deny (customer is 17")));
  EXPECT_THAT(messages, ::testing::Contains("requirements: expected [sca], got []"));
  EXPECT_THAT(messages, ::testing::Contains("fired: expected no.such.rule: fail or requirement, "
                                            "got no rule 'no.such.rule' in market DE"));
  EXPECT_THAT(messages,
              ::testing::Contains(HasSubstr("passed: expected age.coins: pass, got fail")));
  EXPECT_THAT(messages, ::testing::Contains("totals.tax: expected 15.97, got 15.96"));
  EXPECT_THAT(
      messages,
      ::testing::Contains(
          "tax_lines: expected MwSt. 7 % 15.96, got no such tax line; got [MwSt. 19 % 15.96]"));
  EXPECT_THAT(messages,
              ::testing::Contains(
                  "tax_lines: expected no MwSt. 19 % line, got unexpected MwSt. 19 % 15.96"));
  // The SCA rule did fire (99.99 is above 30.00): no mismatch for it.
  for (const auto& message : messages)
    EXPECT_THAT(message, ::testing::Not(HasSubstr("eu.psd2.sca")));
}

TEST_F(CasesTest, QuoteErrorFailsTheCase) {
  std::optional<CaseFile> file = Load(R"(cases:
  - {id: de-unknown-sku, description: d, request: {kind: purchase, items: [{sku: nope}]}, expect: {decision: allow}}
)");
  ASSERT_TRUE(file) << Errors();
  CaseResult result = RunCase(*snapshot_, file->cases[0], DecisionContext{});
  EXPECT_FALSE(result.passed);
  EXPECT_FALSE(result.error.ok());
  ASSERT_EQ(result.mismatches.size(), 1u);
  EXPECT_EQ(result.mismatches[0].field, "quote");
  EXPECT_THAT(result.mismatches[0].actual, HasSubstr("items[0].sku"));
}

TEST_F(CasesTest, RequestErrorsPointIntoTheFile) {
  EXPECT_FALSE(Load(R"(cases:
  - id: a
    description: d
    request:
      kind: purchase
      items: [{sku: coins_70, quantity: 0}]
    expect: {decision: allow}
)"));
  EXPECT_THAT(
      Errors(),
      HasSubstr(
          "DE.cases.yaml:6:41: cases[0].request.items[0].quantity: quantity 0 is outside 1-999"));
}

TEST_F(CasesTest, StrictExpectations) {
  EXPECT_FALSE(Load(R"(cases:
  - id: a
    description: d
    request: {kind: purchase, items: [{sku: coins_70}]}
    expect: {decision: allowed, requirement: [sca], totals: {total: 0.99}}
)"));
  EXPECT_THAT(Errors(), HasSubstr("cases[0].expect.decision: unknown value 'allowed'"));
  EXPECT_THAT(Errors(), HasSubstr("cases[0].expect.requirement: unknown field 'requirement'"));
  EXPECT_THAT(Errors(),
              HasSubstr("cases[0].expect.totals.total: amount 0.99 must be a quoted string"));
  EXPECT_FALSE(Load(R"(cases:
  - {id: a, description: d, request: {kind: purchase, items: [{sku: coins_70}]}, expect: {decision: allow, requirements: [3ds]}}
  - {id: a, description: d, request: {kind: purchase, items: [{sku: coins_70}]}, expect: {decision: allow}}
  - {id: b, description: d, expect: {decision: allow}, note: x}
)"));
  EXPECT_THAT(Errors(), HasSubstr("cases[0].expect.requirements[0]: unknown value '3ds'"));
  EXPECT_THAT(Errors(), HasSubstr("cases[1].id: duplicate case id 'a'"));
  EXPECT_THAT(Errors(), HasSubstr("cases[2].request: required field 'request' is missing"));
  EXPECT_THAT(Errors(), HasSubstr("cases[2].note: unknown field 'note'"));
}

TEST_F(CasesTest, FileLevelErrors) {
  EXPECT_FALSE(Load("cases: {}"));
  EXPECT_THAT(Errors(), HasSubstr("cases: expected a list"));
  EXPECT_FALSE(Load("case: []"));
  EXPECT_THAT(Errors(), HasSubstr("required field 'cases' is missing"));
  EXPECT_FALSE(Load("cases: [\n  {id: a"));
  EXPECT_THAT(Errors(), HasSubstr("DE.cases.yaml:"));
  sink_ = mg::ErrorSink();
  EXPECT_FALSE(LoadCaseFile(dir_.Write("markets/DE.yaml.bak", "cases: []"), sink_));
  EXPECT_THAT(Errors(), HasSubstr("XX.cases.yaml"));
}

}  // namespace
}  // namespace mg::compliance
