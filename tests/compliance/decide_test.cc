// Covers compliance/src/decide.cc, purchase_checks.cc and ad_checks.cc: each
// rule kind's allow, deny and edge cases.
#include "compliance/decide.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decide_fixture.h"

namespace mg::compliance {
namespace {

using regions::Action;
using testing::Ad;
using testing::AgeGate;
using testing::BuildMarket;
using testing::Coins;
using testing::DecideTest;
using testing::GermanSpec;
using ::testing::HasSubstr;
using testing::MakeRule;

// --- market status -----------------------------------------------------------

TEST_F(DecideTest, LiveMarketPassesStatusCheckFirst) {
  Decision decision = Run({}, Coins(30));
  ASSERT_FALSE(decision.checks.empty());
  EXPECT_EQ(decision.checks[0].rule_id, "market.status");
  EXPECT_EQ(decision.checks[0].outcome, CheckOutcome::kPass);
  EXPECT_EQ(decision.outcome, DecisionOutcome::kAllow);
  EXPECT_EQ(decision.reason, "every applicable check passed");
}

TEST_F(DecideTest, SuspendedMarketDeniesWithReasonAndLegalReference) {
  regions::MarketSpec spec = GermanSpec();
  spec.status = regions::MarketStatus::kSuspended;
  spec.suspension =
      regions::Suspension{"Government order blocking the app", "Section 69A IT Act 2000",
                          "https://example.test/69a", "2020-06-29"};
  market_ = BuildMarket(std::move(spec));
  Decision decision = Decide(*market_, Coins(30), DecisionContext{});
  EXPECT_EQ(decision.outcome, DecisionOutcome::kDeny);
  const Check& status = CheckOf(decision, "market.status");
  EXPECT_EQ(status.outcome, CheckOutcome::kFail);
  EXPECT_EQ(status.reason,
            "market DE is suspended since 2020-06-29: Government order blocking the app");
  EXPECT_EQ(status.legal_reference, "Section 69A IT Act 2000");
  EXPECT_EQ(status.source, "https://example.test/69a");
  EXPECT_THAT(decision.reason, HasSubstr("suspended"));
}

TEST_F(DecideTest, PlannedMarketDenies) {
  regions::MarketSpec spec = GermanSpec();
  spec.status = regions::MarketStatus::kPlanned;
  market_ = BuildMarket(std::move(spec));
  Decision decision = Decide(*market_, Coins(30), DecisionContext{});
  EXPECT_EQ(decision.outcome, DecisionOutcome::kDeny);
  EXPECT_EQ(CheckOf(decision, "market.status").reason,
            "market DE is planned and does not sell yet");
}

// --- age_gate ----------------------------------------------------------------

TEST_F(DecideTest, AgeGateExactBoundaryPasses) {
  Decision decision = Run({AgeGate("age.coins", {Action::kBuyCoins}, 18)}, Coins(18));
  EXPECT_EQ(decision.outcome, DecisionOutcome::kAllow);
  EXPECT_EQ(CheckOf(decision, "age.coins").outcome, CheckOutcome::kPass);
  EXPECT_EQ(CheckOf(decision, "age.coins").reason,
            "customer is 18; buying coins requires 18 or older");
}

TEST_F(DecideTest, AgeGateOneYearBelowDenies) {
  Decision decision = Run({AgeGate("age.coins", {Action::kBuyCoins}, 18)}, Coins(17));
  EXPECT_EQ(decision.outcome, DecisionOutcome::kDeny);
  const Check& check = CheckOf(decision, "age.coins");
  EXPECT_EQ(check.outcome, CheckOutcome::kFail);
  EXPECT_EQ(check.reason, "customer is 17; buying coins requires 18 or older");
  EXPECT_EQ(check.legal_reference, "Test law §age.coins");
  EXPECT_EQ(check.source, "https://example.test/age.coins");
  EXPECT_EQ(decision.reason, check.reason);
}

TEST_F(DecideTest, AgeGateUnknownAgeDeniesOrRequiresVerification) {
  Decision denied = Run({AgeGate("age.coins", {Action::kBuyCoins}, 18)}, Coins(std::nullopt));
  EXPECT_EQ(denied.outcome, DecisionOutcome::kDeny);
  EXPECT_THAT(CheckOf(denied, "age.coins").reason, HasSubstr("age is unknown"));

  Decision verify = Run({AgeGate("age.coins", {Action::kBuyCoins}, 18,
                                 regions::AgeGateRule::UnknownAge::kRequireVerification)},
                        Coins(std::nullopt));
  EXPECT_EQ(verify.outcome, DecisionOutcome::kAllowWithRequirements);
  ASSERT_EQ(verify.requirements.size(), 1u);
  EXPECT_EQ(verify.requirements[0].type, RequirementType::kAgeVerification);
  EXPECT_EQ(verify.requirements[0].rule_id, "age.coins");
  EXPECT_EQ(CheckOf(verify, "age.coins").outcome, CheckOutcome::kRequirement);
}

TEST_F(DecideTest, AgeGateOnlyGovernsItsActions) {
  Decision decision = Run({AgeGate("age.gifts", {Action::kSendGift}, 18)}, Coins(12));
  EXPECT_EQ(decision.outcome, DecisionOutcome::kAllow);
  EXPECT_EQ(CheckOf(decision, "age.gifts").outcome, CheckOutcome::kNotApplicable);
  EXPECT_EQ(CheckOf(decision, "age.gifts").reason,
            "governs sending gifts; this request is buying coins");
}

TEST_F(DecideTest, WithoutExplanationsARuleThatDoesNotGovernIsNamedOnly) {
  regions::Rule gifts = AgeGate("age.gifts", {Action::kSendGift}, 18);
  regions::Rule coins = AgeGate("age.coins", {Action::kBuyCoins}, 18);
  ASSERT_FALSE(gifts.legal_reference.empty());
  regions::MarketSpec spec = GermanSpec();
  spec.rules = {gifts, coins};
  market_ = BuildMarket(std::move(spec));
  DecisionContext context;
  context.amount = 99;
  context.explain_not_applicable = false;  // as the API's quotes ask
  Decision decision = Decide(*market_, Coins(12), context);
  EXPECT_EQ(decision.outcome, DecisionOutcome::kDeny);
  const Check& skipped = CheckOf(decision, "age.gifts");
  EXPECT_EQ(skipped.outcome, CheckOutcome::kNotApplicable);
  EXPECT_EQ(skipped.kind, gifts.kind);
  EXPECT_TRUE(skipped.reason.empty());
  EXPECT_TRUE(skipped.legal_reference.empty());
  EXPECT_TRUE(skipped.source.empty());
  // The rule that decided keeps every word.
  const Check& failed = CheckOf(decision, "age.coins");
  EXPECT_EQ(failed.outcome, CheckOutcome::kFail);
  EXPECT_FALSE(failed.reason.empty());
  EXPECT_EQ(failed.legal_reference, coins.legal_reference);
  EXPECT_EQ(failed.source, coins.source);
}

TEST_F(DecideTest, AgeGateForGoodsUsesTheSkuKind) {
  Decision decision = Run({AgeGate("age.goods", {Action::kBuyGoods}, 16)}, Coins(15, "book"));
  EXPECT_EQ(CheckOf(decision, "age.goods").outcome, CheckOutcome::kFail);
  EXPECT_EQ(CheckOf(decision, "age.goods").reason,
            "customer is 15; buying goods requires 16 or older");
}

TEST_F(DecideTest, AgeGateForGifts) {
  QuoteRequest gift;
  gift.kind = RequestKind::kGift;
  gift.market = "DE";
  gift.gift = Gift{100, std::nullopt};
  gift.customer.age = 19;
  Decision decision = Run({AgeGate("age.kr", {Action::kSendGift}, 19)}, gift, 0);
  EXPECT_EQ(decision.outcome, DecisionOutcome::kAllow);
  gift.customer.age = 18;
  EXPECT_EQ(Run({AgeGate("age.kr", {Action::kSendGift}, 19)}, gift, 0).outcome,
            DecisionOutcome::kDeny);
}

// A gift that names its creator is decided for both sides: the sender's
// age gate reads the customer, receive_gift the creator, and a creator not
// in good standing fails the built-in standing check.
TEST_F(DecideTest, AGiftToACreatorChecksTheCreatorsAgeAndStanding) {
  QuoteRequest gift;
  gift.kind = RequestKind::kGift;
  gift.market = "DE";
  gift.customer.age = 30;
  gift.gift = Gift{5, GiftRecipient{17, true}};
  const std::vector<regions::Rule> rules = {AgeGate("age.send", {Action::kSendGift}, 18),
                                            AgeGate("age.receive", {Action::kReceiveGift}, 18)};
  Decision minor = Run(rules, gift, 0);
  EXPECT_EQ(minor.outcome, DecisionOutcome::kDeny);
  EXPECT_EQ(CheckOf(minor, "age.send").outcome, CheckOutcome::kPass);
  EXPECT_EQ(CheckOf(minor, "age.receive").reason,
            "creator is 17; receiving gifts requires 18 or older");
  EXPECT_EQ(CheckOf(minor, kCreatorStandingCheckId).outcome, CheckOutcome::kPass);

  gift.gift->creator = GiftRecipient{25, false};
  Decision restricted = Run(rules, gift, 0);
  EXPECT_EQ(restricted.outcome, DecisionOutcome::kDeny);
  EXPECT_EQ(CheckOf(restricted, "age.receive").outcome, CheckOutcome::kPass);
  EXPECT_EQ(CheckOf(restricted, kCreatorStandingCheckId).reason,
            "the creator's account is not in good standing and cannot receive gifts");

  gift.gift->creator = GiftRecipient{std::nullopt, true};
  EXPECT_EQ(CheckOf(Run(rules, gift, 0), "age.receive").reason,
            "creator's age is unknown; receiving gifts requires 18 or older");

  // Without a creator (a quote), only the sender's side is decided.
  gift.gift->creator.reset();
  Decision quote = Run(rules, gift, 0);
  EXPECT_EQ(quote.outcome, DecisionOutcome::kAllow);
  EXPECT_EQ(CheckOf(quote, "age.receive").outcome, CheckOutcome::kNotApplicable);
}

TEST_F(DecideTest, DisabledRuleIsListedButNotApplied) {
  regions::Rule rule = AgeGate("age.coins", {Action::kBuyCoins}, 18);
  rule.disabled = true;
  rule.disabled_reason = "replaced by kr.age.coins";
  Decision decision = Run({rule}, Coins(12));
  EXPECT_EQ(decision.outcome, DecisionOutcome::kAllow);
  EXPECT_EQ(CheckOf(decision, "age.coins").outcome, CheckOutcome::kNotApplicable);
  EXPECT_EQ(CheckOf(decision, "age.coins").reason,
            "disabled in this market: replaced by kr.age.coins");
}

// --- spending_limit ------------------------------------------------------------

regions::Rule Limits() {
  regions::SpendingLimitRule limit;
  limit.actions = {Action::kBuyCoins};
  limit.brackets = {{13, 17, 5000, 10000, 30000},
                    {18, std::nullopt, std::nullopt, std::nullopt, 100000}};
  return MakeRule("limits", limit);
}

TEST_F(DecideTest, SpendingLimitEqualityIsAllowed) {
  // 60.00 + 40.00 already spent in 24 h = 100.00, the daily limit itself.
  Decision decision = Run({Limits()}, Coins(16), 4000, SpendFigures{6000, 6000, 0, 0});
  EXPECT_EQ(CheckOf(decision, "limits").outcome, CheckOutcome::kPass)
      << CheckOf(decision, "limits").reason;
}

TEST_F(DecideTest, SpendingLimitOneCentAboveDenies) {
  Decision decision = Run({Limits()}, Coins(16), 4001, SpendFigures{6000, 6000, 0, 0});
  const Check& check = CheckOf(decision, "limits");
  EXPECT_EQ(check.outcome, CheckOutcome::kFail);
  EXPECT_THAT(check.reason, HasSubstr("customer is 16 (ages 13-17)"));
  EXPECT_THAT(check.reason, HasSubstr("is above the 24-hour limit of 100,00"));
  EXPECT_EQ(decision.outcome, DecisionOutcome::kDeny);
}

TEST_F(DecideTest, SpendingLimitPerTransactionAndMonth) {
  EXPECT_EQ(CheckOf(Run({Limits()}, Coins(16), 5001), "limits").outcome, CheckOutcome::kFail);
  EXPECT_EQ(CheckOf(Run({Limits()}, Coins(16), 5000), "limits").outcome, CheckOutcome::kPass);
  Decision month = Run({Limits()}, Coins(16), 1000, SpendFigures{0, 29001, 0, 0});
  EXPECT_THAT(CheckOf(month, "limits").reason, HasSubstr("30-day limit"));
  EXPECT_EQ(CheckOf(month, "limits").outcome, CheckOutcome::kFail);
}

TEST_F(DecideTest, SpendingLimitPicksBracketByAge) {
  // An adult is held to the adult bracket only (1,000.00 a month).
  EXPECT_EQ(
      CheckOf(Run({Limits()}, Coins(30), 9999, SpendFigures{50000, 50000, 0, 0}), "limits").outcome,
      CheckOutcome::kPass);
  EXPECT_EQ(
      CheckOf(Run({Limits()}, Coins(30), 9999, SpendFigures{0, 90002, 0, 0}), "limits").outcome,
      CheckOutcome::kFail);
}

TEST_F(DecideTest, SpendingLimitUnknownAgeUsesYoungestBracket) {
  Decision decision = Run({Limits()}, Coins(std::nullopt), 6000);
  EXPECT_EQ(CheckOf(decision, "limits").outcome, CheckOutcome::kFail);
  EXPECT_THAT(CheckOf(decision, "limits").reason, HasSubstr("limits of ages 13-17 apply"));
}

TEST_F(DecideTest, SpendingLimitWithoutBracketForAgeIsNotApplicable) {
  EXPECT_EQ(CheckOf(Run({Limits()}, Coins(12), 99), "limits").outcome,
            CheckOutcome::kNotApplicable);
}

// --- digital_content_consent ---------------------------------------------------

TEST_F(DecideTest, DigitalContentNeedsConsent) {
  QuoteRequest request = Coins(30);
  EXPECT_EQ(
      CheckOf(Run({testing::Consent()}, request), "eu.consumer.digital_content_consent").outcome,
      CheckOutcome::kPass);
  request.customer.consent_immediate_delivery = false;
  Decision denied = Run({testing::Consent()}, request);
  EXPECT_EQ(denied.outcome, DecisionOutcome::kDeny);
  EXPECT_THAT(denied.reason, HasSubstr("customer has not consented to immediate delivery"));
  request.customer.consent_immediate_delivery = true;
  request.customer.acknowledges_withdrawal_loss = false;
  EXPECT_THAT(Run({testing::Consent()}, request).reason,
              HasSubstr("has not acknowledged losing the right of withdrawal"));
}

TEST_F(DecideTest, ConsentDoesNotApplyToPhysicalGoods) {
  QuoteRequest request = Coins(30, "book");
  request.customer.consent_immediate_delivery = false;
  Decision decision = Run({testing::Consent()}, request);
  EXPECT_EQ(decision.outcome, DecisionOutcome::kAllow);
  EXPECT_EQ(CheckOf(decision, "eu.consumer.digital_content_consent").reason,
            "no digital content is bought");
  request.items = {{"ebook", 1}};  // digital_service is digital content
  EXPECT_EQ(Run({testing::Consent()}, request).outcome, DecisionOutcome::kDeny);
}

// --- ad_category -------------------------------------------------------------

TEST_F(DecideTest, ForbiddenCategoryDenies) {
  regions::AdCategoryRule alcohol{regions::AdCategory::kAlcohol,
                                  regions::AdCategoryRule::Policy::kForbidden, false, std::nullopt,
                                  false};
  Decision decision = Run({MakeRule("eu.ads.alcohol", alcohol)}, Ad(regions::AdCategory::kAlcohol));
  EXPECT_EQ(decision.outcome, DecisionOutcome::kDeny);
  EXPECT_EQ(CheckOf(decision, "eu.ads.alcohol").reason, "alcohol ads are forbidden in DE");
  EXPECT_EQ(CheckOf(Run({MakeRule("eu.ads.alcohol", alcohol)}, Ad()), "eu.ads.alcohol").reason,
            "governs alcohol ads; this booking is other");
  EXPECT_EQ(
      CheckOf(Run({MakeRule("eu.ads.alcohol", alcohol)}, Coins(30)), "eu.ads.alcohol").outcome,
      CheckOutcome::kNotApplicable);
}

TEST_F(DecideTest, AllowedCategoryPasses) {
  regions::AdCategoryRule crypto{regions::AdCategory::kCrypto,
                                 regions::AdCategoryRule::Policy::kAllowed, false, std::nullopt,
                                 false};
  EXPECT_EQ(CheckOf(Run({MakeRule("crypto", crypto)}, Ad(regions::AdCategory::kCrypto)), "crypto")
                .outcome,
            CheckOutcome::kPass);
}

TEST_F(DecideTest, ConditionalCategoryNeedsEveryCondition) {
  regions::AdCategoryRule financial{regions::AdCategory::kFinancial,
                                    regions::AdCategoryRule::Policy::kConditional, true, 21, true};
  regions::Rule rule = MakeRule("financial", financial);
  QuoteRequest request = Ad(regions::AdCategory::kFinancial);
  Decision unmet = Run({rule}, request);
  EXPECT_EQ(unmet.outcome, DecisionOutcome::kDeny);
  EXPECT_THAT(CheckOf(unmet, "financial").reason, HasSubstr("no licence reference is given"));
  EXPECT_THAT(CheckOf(unmet, "financial").reason,
              HasSubstr("audience minimum age 18 is below the required 21"));
  EXPECT_THAT(CheckOf(unmet, "financial").reason, HasSubstr("not brand-only"));
  request.ad->licence_reference = "BaFin 123";
  request.ad->audience_min_age = 21;  // equality meets the condition
  request.ad->brand_only = true;
  EXPECT_EQ(CheckOf(Run({rule}, request), "financial").outcome, CheckOutcome::kPass);
}

// --- ad_targeting --------------------------------------------------------------

regions::Rule Dsa() {
  return MakeRule("eu.dsa.targeting", regions::AdTargetingRule{true, true, std::nullopt, true});
}

TEST_F(DecideTest, TargetingWithinLimitsPasses) {
  QuoteRequest request = Ad();
  request.ad->targeting = {true, false, true, std::nullopt};
  EXPECT_EQ(CheckOf(Run({Dsa()}, request), "eu.dsa.targeting").outcome, CheckOutcome::kPass);
}

TEST_F(DecideTest, ProfilingMinorsDenied) {
  QuoteRequest request = Ad();
  request.ad->audience_min_age = 17;
  request.ad->targeting = {true, false, true, std::nullopt};
  Decision decision = Run({Dsa()}, request);
  EXPECT_EQ(decision.outcome, DecisionOutcome::kDeny);
  EXPECT_THAT(CheckOf(decision, "eu.dsa.targeting").reason,
              HasSubstr("profiling an audience that may include minors (audience minimum age 17)"));
  // Without profiling, an audience with minors is fine.
  request.ad->targeting.profiling = false;
  EXPECT_EQ(CheckOf(Run({Dsa()}, request), "eu.dsa.targeting").outcome, CheckOutcome::kPass);
  // The explicit flag overrides the derived one.
  request.ad->targeting = {true, false, true, true};
  request.ad->audience_min_age = 18;
  EXPECT_EQ(CheckOf(Run({Dsa()}, request), "eu.dsa.targeting").outcome, CheckOutcome::kFail);
}

TEST_F(DecideTest, SensitiveDataAndConsentAndMinimumAge) {
  QuoteRequest request = Ad();
  request.ad->targeting = {false, true, false, std::nullopt};
  EXPECT_THAT(CheckOf(Run({Dsa()}, request), "eu.dsa.targeting").reason, HasSubstr("sensitive"));
  request.ad->targeting = {true, false, false, std::nullopt};
  EXPECT_THAT(CheckOf(Run({Dsa()}, request), "eu.dsa.targeting").reason,
              HasSubstr("without the audience's consent"));
  regions::Rule min_age = MakeRule("min", regions::AdTargetingRule{false, false, 18, false});
  request.ad->audience_min_age = 18;
  EXPECT_EQ(CheckOf(Run({min_age}, request), "min").outcome, CheckOutcome::kPass);
  request.ad->audience_min_age = 17;
  EXPECT_EQ(CheckOf(Run({min_age}, request), "min").outcome, CheckOutcome::kFail);
}

// --- ad_disclosure -------------------------------------------------------------

regions::Rule Label(
    regions::AdDisclosureRule::AppliesTo applies_to = regions::AdDisclosureRule::AppliesTo::kAd) {
  return MakeRule("label",
                  regions::AdDisclosureRule{applies_to, {{"de-DE", "Werbung"}, {"en-DE", "Ad"}}});
}

TEST_F(DecideTest, DisclosureLabelInRequestLocaleOrDefault) {
  Decision decision = Run({Label()}, Ad());
  EXPECT_EQ(decision.outcome, DecisionOutcome::kAllowWithRequirements);
  ASSERT_EQ(decision.requirements.size(), 1u);
  EXPECT_EQ(decision.requirements[0].type, RequirementType::kDisclosureLabel);
  EXPECT_EQ(decision.requirements[0].label, "Werbung");
  EXPECT_EQ(decision.requirements[0].locale, "de-DE");
  QuoteRequest english = Ad();
  english.locale = "en-DE";
  EXPECT_EQ(Run({Label()}, english).requirements[0].label, "Ad");
}

TEST_F(DecideTest, PaidPartnershipLabelOnlyForPartnerships) {
  auto partnership = Label(regions::AdDisclosureRule::AppliesTo::kPaidPartnership);
  EXPECT_EQ(Run({partnership}, Ad()).outcome, DecisionOutcome::kAllow);
  QuoteRequest request = Ad();
  request.ad->paid_partnership = true;
  EXPECT_EQ(Run({partnership}, request).outcome, DecisionOutcome::kAllowWithRequirements);
}

// --- the decision as a whole -----------------------------------------------------

TEST_F(DecideTest, DenyListsEveryCheckAndDropsRequirements) {
  regions::AdCategoryRule alcohol{regions::AdCategory::kAlcohol,
                                  regions::AdCategoryRule::Policy::kForbidden, false, std::nullopt,
                                  false};
  Decision decision =
      Run({MakeRule("alcohol", alcohol), Label(), Dsa()}, Ad(regions::AdCategory::kAlcohol));
  EXPECT_EQ(decision.outcome, DecisionOutcome::kDeny);
  EXPECT_TRUE(decision.requirements.empty());
  ASSERT_EQ(decision.checks.size(), 4u);  // market.status + three rules
  EXPECT_EQ(CheckOf(decision, "label").outcome, CheckOutcome::kRequirement);
}

TEST_F(DecideTest, IsDeterministic) {
  std::vector<regions::Rule> rules = {AgeGate("age", {Action::kBuyCoins}, 18), testing::Psd2Sca(),
                                      testing::Consent(), Limits()};
  Decision a = Run(rules, Coins(30), 4999);
  Decision b = Run(rules, Coins(30), 4999);
  ASSERT_EQ(a.checks.size(), b.checks.size());
  for (size_t i = 0; i < a.checks.size(); ++i) EXPECT_EQ(a.checks[i].reason, b.checks[i].reason);
  EXPECT_EQ(a.reason, b.reason);
}

}  // namespace
}  // namespace mg::compliance
