// compliance::DecidePayout on the shipped markets: BR and US pay creators
// out, DE does not yet; a minor (BR's receive_gift age gate), a restricted
// creator, a missing tax identity and an amount below the minimum are each
// denied by their own check, and the checks name what they rest on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compliance/decide.h"
#include "regions/market_loader.h"

namespace mg::compliance {
namespace {

using ::testing::HasSubstr;

const regions::MarketSnapshot& Shipped() {
  static const regions::LoadResult loaded = regions::LoadMarkets(MG_SOURCE_DIR "/regions");
  EXPECT_TRUE(loaded.ok());
  return *loaded.snapshot;
}

const Check* Find(const Decision& decision, const std::string& id) {
  for (const Check& check : decision.checks) {
    if (check.rule_id == id) return &check;
  }
  return nullptr;
}

CheckOutcome OutcomeOf(const Decision& decision, const std::string& id) {
  const Check* check = Find(decision, id);
  EXPECT_NE(check, nullptr) << "no check " << id;
  return check != nullptr ? check->outcome : CheckOutcome::kNotApplicable;
}

Money Brl(int64_t minor) { return Money(minor, CurrencyCode::Parse("BRL").value()); }

PayoutRecipient Adult() { return PayoutRecipient{30, true, true}; }

TEST(DecidePayoutTest, AnAdultInGoodStandingWithATaxIdentityAboveTheMinimumIsPaid) {
  const regions::Market& br = *Shipped().Find("BR");
  Decision decision = DecidePayout(br, Adult(), Brl(5000));
  EXPECT_EQ(decision.outcome, DecisionOutcome::kAllow) << decision.reason;
  for (const char* id :
       {kMarketStatusCheckId, kPayoutOfferedCheckId, kCreatorStandingCheckId,
        kPayoutTaxIdentityCheckId, kPayoutMinimumCheckId, "platform.age.receive_gifts"}) {
    EXPECT_EQ(OutcomeOf(decision, id), CheckOutcome::kPass) << id;
  }
  // Other rules do not apply to a payout.
  EXPECT_EQ(OutcomeOf(decision, "platform.age.coins"), CheckOutcome::kNotApplicable);
}

TEST(DecidePayoutTest, EachRefusalIsItsOwnCheck) {
  const regions::Market& br = *Shipped().Find("BR");
  Decision below = DecidePayout(br, Adult(), Brl(4999));
  EXPECT_EQ(below.outcome, DecisionOutcome::kDeny);
  EXPECT_EQ(OutcomeOf(below, kPayoutMinimumCheckId), CheckOutcome::kFail);
  EXPECT_THAT(Find(below, kPayoutMinimumCheckId)->reason,
              HasSubstr("BRL 49.99 is below the minimum of BRL 50.00"));

  Decision minor = DecidePayout(br, PayoutRecipient{17, true, true}, Brl(9000));
  EXPECT_EQ(minor.outcome, DecisionOutcome::kDeny);
  EXPECT_EQ(OutcomeOf(minor, "platform.age.receive_gifts"), CheckOutcome::kFail);

  Decision unknown_age = DecidePayout(br, PayoutRecipient{std::nullopt, true, true}, Brl(9000));
  EXPECT_EQ(unknown_age.outcome, DecisionOutcome::kDeny);

  Decision restricted = DecidePayout(br, PayoutRecipient{30, false, true}, Brl(9000));
  EXPECT_EQ(restricted.outcome, DecisionOutcome::kDeny);
  EXPECT_EQ(OutcomeOf(restricted, kCreatorStandingCheckId), CheckOutcome::kFail);
  EXPECT_THAT(Find(restricted, kCreatorStandingCheckId)->reason, HasSubstr("be paid out"));

  Decision no_tax_identity = DecidePayout(br, PayoutRecipient{30, true, false}, Brl(9000));
  EXPECT_EQ(no_tax_identity.outcome, DecisionOutcome::kDeny);
  const Check* tax = Find(no_tax_identity, kPayoutTaxIdentityCheckId);
  ASSERT_NE(tax, nullptr);
  EXPECT_EQ(tax->outcome, CheckOutcome::kFail);
  EXPECT_THAT(tax->legal_reference, HasSubstr("platform policy"));
}

TEST(DecidePayoutTest, TheUsRequiresATinOnItsOwnLegalBasis) {
  const regions::Market& us = *Shipped().Find("US");
  Decision decision =
      DecidePayout(us, PayoutRecipient{30, true, false}, Money(5000, us.currency()));
  EXPECT_EQ(decision.outcome, DecisionOutcome::kDeny);
  const Check* tax = Find(decision, kPayoutTaxIdentityCheckId);
  ASSERT_NE(tax, nullptr);
  EXPECT_THAT(tax->legal_reference, HasSubstr("irs.gov"));
}

TEST(DecidePayoutTest, AMarketWithoutPayoutsRefusesByItsOwnCheck) {
  const regions::Market& de = *Shipped().Find("DE");
  ASSERT_EQ(de.payouts(), nullptr);
  Decision decision = DecidePayout(de, Adult(), Money(100000, de.currency()));
  EXPECT_EQ(decision.outcome, DecisionOutcome::kDeny);
  EXPECT_EQ(OutcomeOf(decision, kPayoutOfferedCheckId), CheckOutcome::kFail);
  EXPECT_THAT(decision.reason, HasSubstr("declares no payouts"));
  EXPECT_EQ(Find(decision, kPayoutMinimumCheckId), nullptr);
}

}  // namespace
}  // namespace mg::compliance
