// Covers the sca rule (compliance/src/purchase_checks.cc): the low-value
// exemption's limits and the recurring mandate (India's e-mandates).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "decide_fixture.h"

namespace mg::compliance {
namespace {

using regions::Action;
using testing::Coins;
using testing::DecideTest;
using ::testing::HasSubstr;
using testing::MakeRule;

TEST_F(DecideTest, ScaLowValueExemptionIsStrictlyBelowMax) {
  Decision below = Run({testing::Psd2Sca()}, Coins(30), 2999);
  EXPECT_EQ(CheckOf(below, "eu.psd2.sca").outcome, CheckOutcome::kPass);
  EXPECT_THAT(CheckOf(below, "eu.psd2.sca").reason, HasSubstr("low-value exemption under PSD2"));
  Decision at = Run({testing::Psd2Sca()}, Coins(30), 3000);
  EXPECT_EQ(at.outcome, DecisionOutcome::kAllowWithRequirements);
  ASSERT_EQ(at.requirements.size(), 1u);
  EXPECT_EQ(at.requirements[0].type, RequirementType::kSca);
  EXPECT_EQ(at.requirements[0].regime, "psd2");
  EXPECT_THAT(at.requirements[0].reason,
              HasSubstr("30,00\u00a0€ is not below the low-value limit of 30,00\u00a0€"));
}

TEST_F(DecideTest, ScaCumulativeAmountIsInclusive) {
  // 99 cents after 99.01 since the last SCA: exactly 100.00 -> still exempt.
  EXPECT_EQ(
      CheckOf(Run({testing::Psd2Sca()}, Coins(30), 99, SpendFigures{0, 0, 9901, 1}), "eu.psd2.sca")
          .outcome,
      CheckOutcome::kPass);
  Decision over = Run({testing::Psd2Sca()}, Coins(30), 99, SpendFigures{0, 0, 9902, 1});
  EXPECT_EQ(CheckOf(over, "eu.psd2.sca").outcome, CheckOutcome::kRequirement);
  EXPECT_THAT(CheckOf(over, "eu.psd2.sca").reason,
              HasSubstr("100,01\u00a0€ since the last SCA would exceed 100,00\u00a0€"));
}

TEST_F(DecideTest, ScaCountMustBeFewerThanLimit) {
  EXPECT_EQ(
      CheckOf(Run({testing::Psd2Sca()}, Coins(30), 99, SpendFigures{0, 0, 0, 4}), "eu.psd2.sca")
          .outcome,
      CheckOutcome::kPass);
  Decision fifth = Run({testing::Psd2Sca()}, Coins(30), 99, SpendFigures{0, 0, 0, 5});
  EXPECT_EQ(CheckOf(fifth, "eu.psd2.sca").outcome, CheckOutcome::kRequirement);
  EXPECT_THAT(CheckOf(fifth, "eu.psd2.sca").reason, HasSubstr("5 payments since the last SCA"));
}

TEST_F(DecideTest, ScaWithoutExemptionAlwaysRequires) {
  regions::ScaRule sca;
  sca.regime = regions::ScaRule::Regime::kRbiAfa;
  sca.actions = {Action::kBuyCoins};
  Decision decision = Run({MakeRule("in.rbi.afa", sca)}, Coins(30), 1);
  EXPECT_EQ(decision.outcome, DecisionOutcome::kAllowWithRequirements);
  EXPECT_EQ(decision.requirements[0].regime, "rbi_afa");
}

// A recurring debit where the rule declares no mandate (PSD2 here) is
// authenticated like any payment: no low-value exemption is claimed for it.
TEST_F(DecideTest, ARecurringDebitWithoutADeclaredMandateIsAuthenticated) {
  QuoteRequest request = Coins(30);
  request.recurring = RecurringPayment{RecurringPayment::Stage::kDebit, 48};
  Decision decision = Run({testing::Psd2Sca()}, request, 99);
  EXPECT_EQ(CheckOf(decision, "eu.psd2.sca").outcome, CheckOutcome::kRequirement);
  EXPECT_THAT(CheckOf(decision, "eu.psd2.sca").reason, HasSubstr("declares no recurring mandate"));
}

TEST_F(DecideTest, ADeclaredMandateDecidesRegistrationAndDebits) {
  regions::ScaRule sca;
  sca.regime = regions::ScaRule::Regime::kRbiAfa;
  sca.actions = {Action::kBuyCoins};
  sca.recurring_mandate = regions::ScaRule::RecurringMandate{1500000, 24};
  auto outcome = [&](RecurringPayment recurring, int64_t amount) -> Check {
    QuoteRequest request = Coins(30);
    request.recurring = recurring;
    return CheckOf(Run({MakeRule("in.rbi.afa", sca)}, request, amount), "in.rbi.afa");
  };
  using Stage = RecurringPayment::Stage;
  EXPECT_EQ(outcome({Stage::kRegistration, std::nullopt}, 100).outcome, CheckOutcome::kRequirement);
  EXPECT_EQ(outcome({Stage::kDebit, 24}, 1500000).outcome, CheckOutcome::kPass);  // inclusive
  EXPECT_EQ(outcome({Stage::kDebit, 24}, 1500001).outcome, CheckOutcome::kRequirement);
  Check late = outcome({Stage::kDebit, 23}, 100);
  EXPECT_EQ(late.outcome, CheckOutcome::kFail);
  EXPECT_THAT(late.reason, HasSubstr("the notice was sent 23 h before it"));
  EXPECT_THAT(outcome({Stage::kDebit, std::nullopt}, 100).reason,
              HasSubstr("the notice was not sent"));
}

TEST_F(DecideTest, ScaDoesNotApplyWithoutPayment) {
  QuoteRequest gift;
  gift.kind = RequestKind::kGift;
  gift.market = "DE";
  gift.gift = Gift{10, std::nullopt};
  regions::ScaRule sca;
  sca.actions = {Action::kSendGift};
  Decision decision = Run({MakeRule("sca", sca)}, gift, 0);
  EXPECT_EQ(CheckOf(decision, "sca").outcome, CheckOutcome::kNotApplicable);
  EXPECT_EQ(CheckOf(decision, "sca").reason, "no payment is made");
}

}  // namespace
}  // namespace mg::compliance
