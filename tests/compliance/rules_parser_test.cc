// Covers regions/src/rules_parser.cc: every rule kind and every error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "regions/rules.h"

namespace mg::regions {
namespace {

using ::testing::HasSubstr;

class RulesParserTest : public ::testing::Test {
 protected:
  std::optional<Rule> Parse(const std::string& yaml, const std::string& currency = "EUR") {
    sink_ = ErrorSink();
    NodeContext context{&file_, "rules[0]", &sink_};
    return ParseRule(YAML::Load(yaml), context, *CurrencyCode::Parse(currency));
  }
  std::string Errors() const {
    std::string out;
    for (const auto& error : sink_.errors()) out += error.ToString() + "\n";
    return out;
  }

  std::string file_ = "markets/XX.yaml";
  ErrorSink sink_;
};

constexpr char kCommon[] = "id: r.1, legal_reference: Law §1, source: https://example.test";

TEST_F(RulesParserTest, AgeGateWithAllFields) {
  auto rule = Parse(std::string("{") + kCommon +
                    ", kind: age_gate, actions: [buy_coins, send_gift], min_age: 18,"
                    " unknown_age: require_verification, verified: false}");
  ASSERT_TRUE(rule) << Errors();
  EXPECT_EQ(rule->id, "r.1");
  EXPECT_EQ(rule->kind, "age_gate");
  EXPECT_EQ(rule->legal_reference, "Law §1");
  EXPECT_FALSE(rule->verified);
  EXPECT_EQ(rule->declared_in, "markets/XX.yaml");
  EXPECT_EQ(rule->line, 1);
  const auto& gate = std::get<AgeGateRule>(rule->body);
  EXPECT_EQ(gate.actions, (std::vector<Action>{Action::kBuyCoins, Action::kSendGift}));
  EXPECT_EQ(gate.min_age, 18);
  EXPECT_EQ(gate.unknown_age, AgeGateRule::UnknownAge::kRequireVerification);
}

// receive_gift reads the creator's age: only an age gate governs it, alone.
TEST_F(RulesParserTest, ReceiveGiftIsAnAgeGateOfItsOwn) {
  auto rule =
      Parse(std::string("{") + kCommon + ", kind: age_gate, actions: [receive_gift], min_age: 18}");
  ASSERT_TRUE(rule) << Errors();
  EXPECT_EQ(std::get<AgeGateRule>(rule->body).actions, std::vector<Action>{Action::kReceiveGift});

  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: age_gate, actions: [send_gift, receive_gift], min_age: 18}"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].actions: receive_gift concerns the creator's age, "
                                  "the other actions the customer's: declare them in two rules"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: digital_content_consent, actions: [receive_gift]}"));
  EXPECT_THAT(Errors(), HasSubstr("receive_gift (the creator's side of a gift) can only be "
                                  "governed by an age_gate rule"));
}

TEST_F(RulesParserTest, SpendingLimitAmountsInMarketCurrency) {
  auto rule = Parse(
      std::string("{") + kCommon +
          ", kind: spending_limit, actions: [buy_coins], brackets: ["
          "{min_age: 13, max_age: 17, per_transaction: \"5000\","
          " per_day: \"10000\", per_month: \"50000\"}, {min_age: 18, per_month: \"1000000\"}]}",
      "KRW");
  ASSERT_TRUE(rule) << Errors();
  const auto& limit = std::get<SpendingLimitRule>(rule->body);
  ASSERT_EQ(limit.brackets.size(), 2u);
  EXPECT_EQ(limit.brackets[0].max_age, 17);
  EXPECT_EQ(limit.brackets[0].per_transaction, 5000);  // KRW has no minor units
  EXPECT_EQ(limit.brackets[0].per_day, 10000);
  EXPECT_FALSE(limit.brackets[1].max_age);
  EXPECT_EQ(limit.brackets[1].per_month, 1000000);
  EXPECT_FALSE(limit.brackets[1].per_day);
}

TEST_F(RulesParserTest, ScaWithLowValueExemption) {
  auto rule = Parse(std::string("{") + kCommon +
                    ", kind: sca, regime: psd2, actions: [buy_coins],"
                    " low_value_exemption: {max_amount: \"30.00\", cumulative_amount: \"100.00\","
                    " cumulative_count: 5}}");
  ASSERT_TRUE(rule) << Errors();
  const auto& sca = std::get<ScaRule>(rule->body);
  EXPECT_EQ(sca.regime, ScaRule::Regime::kPsd2);
  ASSERT_TRUE(sca.low_value_exemption);
  EXPECT_EQ(sca.low_value_exemption->max_amount, 3000);
  EXPECT_EQ(sca.low_value_exemption->cumulative_amount, 10000);
  EXPECT_EQ(sca.low_value_exemption->cumulative_count, 5);
}

TEST_F(RulesParserTest, ScaWithoutExemption) {
  auto rule =
      Parse(std::string("{") + kCommon + ", kind: sca, regime: rbi_afa, actions: [buy_coins]}");
  ASSERT_TRUE(rule) << Errors();
  EXPECT_EQ(std::get<ScaRule>(rule->body).regime, ScaRule::Regime::kRbiAfa);
  EXPECT_FALSE(std::get<ScaRule>(rule->body).low_value_exemption);
}

TEST_F(RulesParserTest, ScaWithARecurringMandate) {
  auto rule = Parse(std::string("{") + kCommon +
                    ", kind: sca, regime: rbi_afa, actions: [buy_coins],"
                    " recurring_mandate: {max_unauthenticated_debit: \"15000.00\","
                    " pre_debit_notice_hours: 24}}");
  ASSERT_TRUE(rule) << Errors();
  const auto& sca = std::get<ScaRule>(rule->body);
  ASSERT_TRUE(sca.recurring_mandate);
  EXPECT_EQ(sca.recurring_mandate->max_unauthenticated_debit, 1500000);
  EXPECT_EQ(sca.recurring_mandate->pre_debit_notice_hours, 24);

  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: sca, regime: rbi_afa, actions: [buy_coins],"
                     " recurring_mandate: {max_unauthenticated_debit: \"15000.00\"}}"));
  EXPECT_THAT(Errors(), HasSubstr("recurring_mandate.pre_debit_notice_hours: required field"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: sca, regime: rbi_afa, actions: [buy_coins],"
                     " recurring_mandate: {max_unauthenticated_debit: 15000,"
                     " pre_debit_notice_hours: 24}}"));
  EXPECT_THAT(Errors(), HasSubstr("must be a quoted string"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: sca, regime: rbi_afa, actions: [buy_coins],"
                     " recurring_mandate: {max_unauthenticated_debit: \"15000.00\","
                     " pre_debit_notice_hours: -1}}"));
  EXPECT_THAT(Errors(), HasSubstr("pre_debit_notice_hours -1 is outside 0-720"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: sca, regime: rbi_afa, actions: [buy_coins],"
                     " recurring_mandate: {max_unauthenticated_debit: \"15000.00\","
                     " pre_debit_notice_hours: 24, notice: sms}}"));
  EXPECT_THAT(Errors(), HasSubstr("notice"));
}

TEST_F(RulesParserTest, DigitalContentConsent) {
  auto rule =
      Parse(std::string("{") + kCommon + ", kind: digital_content_consent, actions: [buy_coins]}");
  ASSERT_TRUE(rule) << Errors();
  EXPECT_EQ(std::get<DigitalContentConsentRule>(rule->body).actions,
            std::vector<Action>{Action::kBuyCoins});
}

TEST_F(RulesParserTest, AdCategoryConditional) {
  auto rule =
      Parse(std::string("{") + kCommon +
            ", kind: ad_category, category: financial, policy: conditional,"
            " conditions: {licence_required: true, min_audience_age: 18, brand_only: true}}");
  ASSERT_TRUE(rule) << Errors();
  const auto& category = std::get<AdCategoryRule>(rule->body);
  EXPECT_EQ(category.category, AdCategory::kFinancial);
  EXPECT_EQ(category.policy, AdCategoryRule::Policy::kConditional);
  EXPECT_TRUE(category.licence_required);
  EXPECT_EQ(category.min_audience_age, 18);
  EXPECT_TRUE(category.brand_only);
}

TEST_F(RulesParserTest, AdTargeting) {
  auto rule = Parse(std::string("{") + kCommon +
                    ", kind: ad_targeting, no_profiling_of_minors: true, no_sensitive_data: true,"
                    " min_audience_age: 13, personalized_requires_consent: true}");
  ASSERT_TRUE(rule) << Errors();
  const auto& targeting = std::get<AdTargetingRule>(rule->body);
  EXPECT_TRUE(targeting.no_profiling_of_minors);
  EXPECT_TRUE(targeting.no_sensitive_data);
  EXPECT_EQ(targeting.min_audience_age, 13);
  EXPECT_TRUE(targeting.personalized_requires_consent);
}

TEST_F(RulesParserTest, AdDisclosure) {
  auto rule = Parse(std::string("{") + kCommon +
                    ", kind: ad_disclosure, applies_to: paid_partnership,"
                    " labels: {de-DE: Werbung, en-DE: Ad}}");
  ASSERT_TRUE(rule) << Errors();
  const auto& disclosure = std::get<AdDisclosureRule>(rule->body);
  EXPECT_EQ(disclosure.applies_to, AdDisclosureRule::AppliesTo::kPaidPartnership);
  EXPECT_EQ(disclosure.labels.at("de-DE"), "Werbung");
}

TEST_F(RulesParserTest, DisabledRuleNeedsReasonAndSource) {
  auto rule = Parse("{id: platform.age.coins, disabled: true, reason: KR replaces it, source: x}");
  ASSERT_TRUE(rule) << Errors();
  EXPECT_TRUE(rule->disabled);
  EXPECT_EQ(rule->disabled_reason, "KR replaces it");
  EXPECT_FALSE(Parse("{id: a, disabled: true, source: x}"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].reason: required field 'reason' is missing"));
}

TEST_F(RulesParserTest, ReasonOnlyWithDisabled) {
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: digital_content_consent, actions: [buy_coins], reason: x}"));
  EXPECT_THAT(Errors(), HasSubstr("'reason' is only allowed with 'disabled: true'"));
}

TEST_F(RulesParserTest, UnknownKindListsKnownKinds) {
  EXPECT_FALSE(Parse(std::string("{") + kCommon + ", kind: age_gat, min_age: 3}"));
  EXPECT_THAT(Errors(),
              HasSubstr("rules[0].kind: unknown value 'age_gat'; expected one of: age_gate, "
                        "spending_limit, sca, digital_content_consent, ad_category, "
                        "ad_targeting, ad_disclosure"));
  EXPECT_EQ(sink_.size(), 1u) << "no unknown-field noise for an unknown kind";
}

TEST_F(RulesParserTest, UnknownFieldNamesFileLineAndColumn) {
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: age_gate, actions: [buy_coins],\n"
                     " min_age: 18, min_aeg: 3}"));
  EXPECT_THAT(Errors(),
              HasSubstr("markets/XX.yaml:2:15: rules[0].min_aeg: unknown field 'min_aeg'"));
}

TEST_F(RulesParserTest, RequiredCommonFields) {
  EXPECT_FALSE(Parse("{kind: digital_content_consent, actions: [buy_coins]}"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].id: required field 'id' is missing"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].legal_reference: required field"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].source: required field"));
  EXPECT_FALSE(Parse("{id: a, legal_reference: l, source: s}"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].kind: required field 'kind' is missing"));
}

TEST_F(RulesParserTest, AgesMustBeWithin0To150) {
  EXPECT_FALSE(
      Parse(std::string("{") + kCommon + ", kind: age_gate, actions: [buy_coins], min_age: 151}"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].min_age: age 151 is outside 0-150"));
  EXPECT_FALSE(
      Parse(std::string("{") + kCommon + ", kind: age_gate, actions: [buy_coins], min_age: -1}"));
  EXPECT_THAT(Errors(), HasSubstr("age -1 is outside 0-150"));
  EXPECT_TRUE(
      Parse(std::string("{") + kCommon + ", kind: age_gate, actions: [buy_coins], min_age: 150}"));
  EXPECT_FALSE(
      Parse(std::string("{") + kCommon +
            ", kind: spending_limit, actions: [buy_coins], brackets: [{min_age: 18, max_age: 17,"
            " per_day: \"1.00\"}]}"));
  EXPECT_THAT(Errors(), HasSubstr("brackets[0].max_age: max_age 17 is below min_age 18"));
}

TEST_F(RulesParserTest, AmountErrors) {
  auto limit = [&](const std::string& amount, const std::string& currency = "EUR") {
    return Parse(
        std::string("{") + kCommon +
            ", kind: spending_limit, actions: [buy_coins], brackets: [{min_age: 0, per_day: " +
            amount + "}]}",
        currency);
  };
  EXPECT_FALSE(limit("\"1.001\""));
  EXPECT_THAT(Errors(), HasSubstr("brackets[0].per_day:"));
  EXPECT_THAT(Errors(), HasSubstr("(market currency EUR)"));
  EXPECT_FALSE(limit("\"1.5\"", "JPY"));
  EXPECT_THAT(Errors(), HasSubstr("(market currency JPY)"));
  EXPECT_FALSE(limit("100"));
  EXPECT_THAT(Errors(), HasSubstr("must be a quoted string"));
  EXPECT_FALSE(limit("\"ten\""));
  EXPECT_FALSE(limit("\"-1.00\""));
  EXPECT_TRUE(limit("\"1.250\"", "KWD")) << Errors();
}

TEST_F(RulesParserTest, EnumAndListErrors) {
  EXPECT_FALSE(
      Parse(std::string("{") + kCommon + ", kind: age_gate, actions: [buy_coinz], min_age: 1}"));
  EXPECT_THAT(Errors(),
              HasSubstr("rules[0].actions[0]: unknown action 'buy_coinz'; expected one of: "
                        "buy_coins, send_gift, buy_goods, book_ad"));
  EXPECT_FALSE(
      Parse(std::string("{") + kCommon + ", kind: age_gate, actions: buy_coins, min_age: 1}"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].actions: expected a list"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon + ", kind: age_gate, actions: [], min_age: 1}"));
  EXPECT_THAT(Errors(), HasSubstr("at least one action is required"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon + ", kind: age_gate, min_age: 1}"));
  EXPECT_THAT(Errors(), HasSubstr("required field 'actions' is missing"));
  EXPECT_FALSE(
      Parse(std::string("{") + kCommon + ", kind: sca, regime: psd3, actions: [buy_coins]}"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].regime: unknown value 'psd3'"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: ad_category, category: casinos, policy: forbidden}"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].category: unknown value 'casinos'"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: age_gate, actions: [buy_coins], min_age: 1, unknown_age: allow}"));
  EXPECT_THAT(Errors(), HasSubstr("expected one of: deny, require_verification"));
}

TEST_F(RulesParserTest, KindSpecificErrors) {
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: ad_category, category: financial, policy: conditional}"));
  EXPECT_THAT(Errors(), HasSubstr("policy 'conditional' needs conditions"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: ad_category, category: alcohol, policy: forbidden, conditions: "
                     "{brand_only: true}}"));
  EXPECT_THAT(Errors(), HasSubstr("conditions apply only to policy 'conditional'"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon + ", kind: ad_disclosure, applies_to: ad}"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].labels: required field 'labels' is missing"));
  EXPECT_FALSE(
      Parse(std::string("{") + kCommon + ", kind: ad_disclosure, applies_to: ad, labels: {}}"));
  EXPECT_THAT(Errors(), HasSubstr("at least one label"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: spending_limit, actions: [buy_coins], brackets: []}"));
  EXPECT_THAT(Errors(), HasSubstr("at least one bracket is required"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: spending_limit, actions: [buy_coins], brackets: [{min_age: 0}]}"));
  EXPECT_THAT(Errors(), HasSubstr("a bracket needs at least one of per_transaction"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon +
                     ", kind: sca, regime: psd2, actions: [buy_coins], low_value_exemption: "
                     "{max_amount: \"30.00\"}}"));
  EXPECT_THAT(Errors(), HasSubstr("low_value_exemption.cumulative_amount: required field"));
  EXPECT_FALSE(Parse(std::string("{") + kCommon + ", kind: ad_targeting, no_sensitive_data: yes}"));
  EXPECT_THAT(Errors(), HasSubstr("rules[0].no_sensitive_data: expected true or false"));
  EXPECT_FALSE(Parse("[not, a, mapping]"));
  EXPECT_THAT(Errors(), HasSubstr("expected a mapping"));
}

TEST(RuleNamesTest, ActionAndCategoryNames) {
  EXPECT_STREQ(ActionName(Action::kBookAd), "book_ad");
  EXPECT_STREQ(AdCategoryName(AdCategory::kHfssFood), "hfss_food");
  EXPECT_EQ(AdCategoryFromName("accounting_tax"), AdCategory::kAccountingTax);
  EXPECT_FALSE(AdCategoryFromName("casino"));
  EXPECT_THAT(AdCategoryNameList(), HasSubstr("political, gambling"));
}

}  // namespace
}  // namespace mg::regions
