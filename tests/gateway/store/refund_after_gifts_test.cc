// Refunds of coin purchases whose coins were partly gifted, under each
// policy a market may declare (records.h, RefundAfterGifts), on both
// backends: unspent_only refuses the gifted part and moves nothing;
// claw_back_diamonds takes the gifts' diamonds back from the creator's
// unpaid earnings, in proportion, never below zero (earnings paid out stay
// paid), and a failed refund gives them back; the ledger stays consistent.
#include <gmock/gmock.h>

#include <map>

#include "gift_test_support.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

MG_STORE_TEST_SUITE(RefundAfterGiftsTest);

// A refund of `amount` (tax free) of `purchase` that has succeeded, under `policy`.
Refund Succeeded(const std::string& purchase, int64_t amount, RefundAfterGifts policy,
                 UnixMillis at) {
  Refund refund = SampleRefund(purchase, amount, at);
  refund.tax_minor = 0;
  refund.state = RefundState::kSucceeded;
  refund.after_gifts = policy;
  return refund;
}

int64_t CreatorDiamonds(Store& store) {
  return store.GetCreatorEarnings("app", "cus_creator")->balance;
}

std::map<std::string, int64_t> DiamondsMoved(Store& store, const std::string& reference) {
  std::map<std::string, int64_t> moved;
  const std::vector<Journal> journals = store.ListJournals(reference).value();
  for (const Journal& journal : journals) {
    for (const LedgerEntry& entry : journal.entries) {
      if (entry.unit == kDiamondUnit) moved[entry.account] += entry.amount;
    }
  }
  return moved;
}

TEST_P(RefundAfterGiftsTest, UnspentOnlyRefusesTheGiftedPartAndMovesNothing) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  const std::string purchase = BuyCoins(*store_, 10, 100, kT0);  // EUR 1.00 for 10 coins
  ASSERT_TRUE(store_->SendGift(Hearts(1), {}).ok());             // 5 of them gifted

  Result<Refund> too_much =
      store_->CreateRefund(Succeeded(purchase, 51, RefundAfterGifts::kUnspentOnly, kT0 + 200), {});
  ASSERT_EQ(too_much.status().code(), ErrorCode::kComplianceDenied);
  EXPECT_THAT(too_much.status().message(), ::testing::HasSubstr("exceeds the 50"));
  EXPECT_THAT(too_much.status().message(), ::testing::HasSubstr("5 of its coins were gifted"));
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM refunds"), 0);
  EXPECT_EQ(store_->GetPurchase(purchase)->refunded_minor, 0);

  // What the 5 unspent coins paid, in two parts; then nothing more.
  ASSERT_TRUE(
      store_->CreateRefund(Succeeded(purchase, 30, RefundAfterGifts::kUnspentOnly, kT0 + 300), {})
          .ok());
  ASSERT_TRUE(
      store_->CreateRefund(Succeeded(purchase, 20, RefundAfterGifts::kUnspentOnly, kT0 + 400), {})
          .ok());
  EXPECT_EQ(
      store_->CreateRefund(Succeeded(purchase, 1, RefundAfterGifts::kUnspentOnly, kT0 + 500), {})
          .status()
          .code(),
      ErrorCode::kComplianceDenied);
  EXPECT_EQ(QueryInt("SELECT remaining FROM coin_lots"), 0);
  EXPECT_EQ(QueryInt("SELECT clawed_back FROM coin_lots"), 5);
  EXPECT_EQ(CreatorDiamonds(*store_), 2);  // the creator keeps the gift's diamonds
  // The gifted coins' cost stays the platform's gift revenue; nothing from it was refunded.
  EXPECT_EQ(QueryInt("SELECT balance FROM ledger_balances WHERE account = 'gift_revenue:DE'"), -50);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(RefundAfterGiftsTest, UnspentOnlyCountsPendingRefunds) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  const std::string purchase = BuyCoins(*store_, 10, 100, kT0);
  Refund pending = Succeeded(purchase, 60, RefundAfterGifts::kUnspentOnly, kT0 + 200);
  pending.state = RefundState::kPending;
  ASSERT_TRUE(store_->CreateRefund(pending, {}).ok());  // nothing gifted yet
  // Its coins stay in the wallet until it succeeds; a gift spends 5 of them.
  ASSERT_TRUE(store_->SendGift(Hearts(1, kT0 + 250), {}).ok());
  // The 5 unspent coins paid 50, and the pending refund holds 60 already.
  Result<Refund> more =
      store_->CreateRefund(Succeeded(purchase, 1, RefundAfterGifts::kUnspentOnly, kT0 + 300), {});
  EXPECT_EQ(more.status().code(), ErrorCode::kComplianceDenied);
  EXPECT_THAT(more.status().message(), ::testing::HasSubstr("exceeds the 0"));
}

TEST_P(RefundAfterGiftsTest, ClawBackTakesTheGiftsDiamondsInProportionToTheMoneyRefunded) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  const std::string purchase = BuyCoins(*store_, 10, 100, kT0);
  ASSERT_TRUE(store_->SendGift(Hearts(2), {}).ok());  // all 10 coins, 5 diamonds
  ASSERT_EQ(CreatorDiamonds(*store_), 5);

  Result<Refund> half = store_->CreateRefund(
      Succeeded(purchase, 50, RefundAfterGifts::kClawBackDiamonds, kT0 + 200), {});
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  // The first 5 gifted coins earned 2 of the 5 diamonds (2.5, rounded down).
  EXPECT_THAT(DiamondsMoved(*store_, half->id),
              ::testing::ElementsAre(
                  std::pair<const std::string, int64_t>(CreatorAccount("app", "cus_creator"), -2),
                  std::pair<const std::string, int64_t>(std::string(kDiamondsIssuedAccount), 2)));
  EXPECT_EQ(CreatorDiamonds(*store_), 3);

  Result<Refund> rest = store_->CreateRefund(
      Succeeded(purchase, 50, RefundAfterGifts::kClawBackDiamonds, kT0 + 300), {});
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  EXPECT_EQ(DiamondsMoved(*store_, rest->id)[CreatorAccount("app", "cus_creator")], -3);
  CreatorEarnings earnings = store_->GetCreatorEarnings("app", "cus_creator").value();
  EXPECT_EQ(earnings.balance, 0);
  EXPECT_EQ(earnings.clawed_back, 5);
  EXPECT_EQ(earnings.earned, 5);  // what the gifts credited, as sent
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(RefundAfterGiftsTest, ClawBackTakesOnlyUnspentCoinsFirstThenGiftedOnes) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  const std::string purchase = BuyCoins(*store_, 20, 200, kT0);
  ASSERT_TRUE(store_->SendGift(Hearts(2), {}).ok());  // 10 of 20 coins, 5 diamonds
  // Half the money: the 10 unspent coins come back, no diamond is due.
  Result<Refund> half = store_->CreateRefund(
      Succeeded(purchase, 100, RefundAfterGifts::kClawBackDiamonds, kT0 + 200), {});
  ASSERT_TRUE(half.ok()) << half.status().ToString();
  EXPECT_TRUE(DiamondsMoved(*store_, half->id).empty());
  EXPECT_EQ(CreatorDiamonds(*store_), 5);
  // The other half pays back the gifted coins: all 5 diamonds.
  Result<Refund> rest = store_->CreateRefund(
      Succeeded(purchase, 100, RefundAfterGifts::kClawBackDiamonds, kT0 + 300), {});
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  EXPECT_EQ(CreatorDiamonds(*store_), 0);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(RefundAfterGiftsTest, ClawBackNeverReversesEarningsPaidOut) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  const std::string purchase = BuyCoins(*store_, 10, 100, kT0);
  ASSERT_TRUE(store_->SendGift(Hearts(2), {}).ok());  // 5 diamonds
  Result<PayoutRecord> payout = store_->CreatePayout(Payout(4, kT0 + 150), {});
  ASSERT_TRUE(payout.ok()) << payout.status().ToString();

  Result<Refund> refund = store_->CreateRefund(
      Succeeded(purchase, 100, RefundAfterGifts::kClawBackDiamonds, kT0 + 200), {});
  ASSERT_TRUE(refund.ok()) << refund.status().ToString();
  // 5 diamonds are due; the creator holds 1 unpaid: that one comes back.
  CreatorEarnings earnings = store_->GetCreatorEarnings("app", "cus_creator").value();
  EXPECT_EQ(earnings.balance, 0);
  EXPECT_EQ(earnings.clawed_back, 1);
  EXPECT_EQ(earnings.pending, 4);  // the payout is untouched
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(RefundAfterGiftsTest, AFailedRefundGivesTheClawedDiamondsBack) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  const std::string purchase = BuyCoins(*store_, 10, 100, kT0);
  ASSERT_TRUE(store_->SendGift(Hearts(2), {}).ok());
  Result<Refund> refund = store_->CreateRefund(
      Succeeded(purchase, 100, RefundAfterGifts::kClawBackDiamonds, kT0 + 200), {});
  ASSERT_TRUE(refund.ok()) << refund.status().ToString();
  ASSERT_EQ(CreatorDiamonds(*store_), 0);

  ASSERT_TRUE(store_
                  ->TransitionRefund(refund->id, {RefundState::kSucceeded}, RefundState::kFailed,
                                     PaymentChanges::At(kT0 + 300), {})
                  .ok());
  CreatorEarnings earnings = store_->GetCreatorEarnings("app", "cus_creator").value();
  EXPECT_EQ(earnings.balance, 5);
  EXPECT_EQ(earnings.clawed_back, 0);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(RefundAfterGiftsTest, ThePolicyIsKeptWithTheRefundUntilItSucceeds) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  const std::string purchase = BuyCoins(*store_, 10, 100, kT0);
  ASSERT_TRUE(store_->SendGift(Hearts(2), {}).ok());
  Refund pending = Succeeded(purchase, 100, RefundAfterGifts::kClawBackDiamonds, kT0 + 200);
  pending.state = RefundState::kPending;
  Result<Refund> created = store_->CreateRefund(pending, {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(store_->GetRefund(created->id)->after_gifts, RefundAfterGifts::kClawBackDiamonds);
  EXPECT_EQ(CreatorDiamonds(*store_), 5);  // nothing before it succeeds

  ASSERT_TRUE(store_
                  ->TransitionRefund(created->id, {RefundState::kPending}, RefundState::kSucceeded,
                                     PaymentChanges::At(kT0 + 300), {})
                  .ok());
  EXPECT_EQ(CreatorDiamonds(*store_), 0);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

}  // namespace
}  // namespace mg::store::testing
