// Payouts in the store (gateway/store/payouts.h), on both backends: a
// payout retires the creator's diamonds when it is created, with its
// journal; paid moves the money out of the provider account, failed gives
// the diamonds back; final states are final; concurrent payouts never
// retire a diamond twice; the FX rates table in force is the latest.
#include <gmock/gmock.h>

#include <atomic>

#include "gift_test_support.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

MG_STORE_TEST_SUITE(PayoutsTest);

// Credits `diamonds` to cus_creator: coins bought by cus_1 and gifted.
void Earn(Store& store, int64_t diamonds) {
  Purchase purchase = SamplePurchase(kT0);
  purchase.owner = "app";
  purchase.coins = diamonds * 2;
  purchase.subtotal_minor = purchase.total_minor = diamonds * 2;
  purchase.tax_minor = 0;
  Result<Purchase> created = store.CreatePurchase(purchase, {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_TRUE(store
                  .TransitionPurchase(
                      created->id, {PurchaseState::kCreated}, PurchaseState::kSucceeded,
                      PaymentChanges::At(kT0 + 1).set_captured_minor(purchase.total_minor), {})
                  .ok());
  GiftRecord gift;
  gift.owner = "app";
  gift.market = "DE";
  gift.sender_id = "cus_1";
  gift.creator_id = "cus_creator";
  gift.creator_market = "BR";
  gift.live_id = "live_1";
  gift.gift = "heart";
  gift.quantity = 1;
  gift.coins = diamonds * 2;
  gift.diamonds = diamonds;
  gift.created_at_ms = kT0 + 2;
  ASSERT_TRUE(store.SendGift(gift, {}).ok());
}

TEST_P(PayoutsTest, APayoutRetiresTheDiamondsWithItsJournalAndPaidMovesTheMoney) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  Earn(*store_, 4000);
  Result<PayoutRecord> created = store_->CreatePayout(Payout(3000), {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id.rfind("pyt_", 0), 0u);
  EXPECT_EQ(created->state, PayoutState::kProcessing);
  CreatorEarnings earnings = store_->GetCreatorEarnings("app", "cus_creator").value();
  EXPECT_EQ(earnings.balance, 1000);
  EXPECT_EQ(earnings.pending, 3000);
  EXPECT_EQ(earnings.paid, 0);
  EXPECT_EQ(earnings.earned, 4000);

  std::vector<Journal> journals = store_->ListJournals(created->id).value();
  ASSERT_EQ(journals.size(), 1u);
  EXPECT_EQ(journals[0].kind, JournalKind::kPayout);
  EXPECT_THAT(
      journals[0].entries,
      ::testing::ElementsAre(LedgerEntry{CreatorAccount("app", "cus_creator"), "diamond", -3000},
                             LedgerEntry{"diamonds:issued", "diamond", 3000},
                             LedgerEntry{CreatorPayoutsAccount("BR"), "BRL", 7500},
                             LedgerEntry{WithholdingAccount("BR"), "BRL", -750},
                             LedgerEntry{PayoutsInFlightAccount("pix"), "BRL", -6750}));

  PayoutChanges paid;
  paid.at_ms = kT0 + 200;
  paid.provider_reference = "E0900";
  Result<PayoutRecord> done = store_->TransitionPayout(created->id, {PayoutState::kProcessing},
                                                       PayoutState::kPaid, paid, {});
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->provider_reference, "E0900");
  EXPECT_EQ(store_->GetPayout(created->id).value(), *done);
  journals = store_->ListJournals(created->id).value();
  ASSERT_EQ(journals.size(), 2u);
  EXPECT_EQ(journals[1].kind, JournalKind::kPayoutPaid);
  EXPECT_THAT(journals[1].entries,
              ::testing::ElementsAre(LedgerEntry{PayoutsInFlightAccount("pix"), "BRL", 6750},
                                     LedgerEntry{ProviderAccount("pix"), "BRL", -6750}));
  earnings = store_->GetCreatorEarnings("app", "cus_creator").value();
  EXPECT_EQ(earnings.pending, 0);
  EXPECT_EQ(earnings.paid, 3000);
  EXPECT_TRUE(store_->CheckLedger()->consistent());

  // Final: neither failed nor paid again.
  PayoutChanges again;
  again.at_ms = kT0 + 300;
  EXPECT_EQ(
      store_->TransitionPayout(created->id, {PayoutState::kPaid}, PayoutState::kFailed, again, {})
          .status()
          .code(),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(
      store_
          ->TransitionPayout(created->id, {PayoutState::kProcessing}, PayoutState::kPaid, again, {})
          .status()
          .code(),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(store_->ListJournals(created->id)->size(), 2u);
}

TEST_P(PayoutsTest, AFailedPayoutGivesTheDiamondsBack) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  Earn(*store_, 1000);
  Result<PayoutRecord> created = store_->CreatePayout(Payout(1000), {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(store_->GetCreatorEarnings("app", "cus_creator")->balance, 0);
  PayoutChanges failed;
  failed.at_ms = kT0 + 200;
  failed.failure_code = "account_closed";
  failed.failure_message = "closed";
  failed.count_check = true;
  Result<PayoutRecord> done = store_->TransitionPayout(created->id, {PayoutState::kProcessing},
                                                       PayoutState::kFailed, failed, {});
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->failure_code, "account_closed");
  EXPECT_EQ(done->checks, 1);
  std::vector<Journal> journals = store_->ListJournals(created->id).value();
  ASSERT_EQ(journals.size(), 2u);
  EXPECT_EQ(journals[1].kind, JournalKind::kPayoutReversal);
  ASSERT_EQ(journals[1].entries.size(), journals[0].entries.size());
  for (size_t i = 0; i < journals[0].entries.size(); ++i) {
    EXPECT_EQ(journals[1].entries[i].amount, -journals[0].entries[i].amount);
  }
  CreatorEarnings earnings = store_->GetCreatorEarnings("app", "cus_creator").value();
  EXPECT_EQ(earnings.balance, 1000);
  EXPECT_EQ(earnings.pending, 0);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(PayoutsTest, MoreDiamondsThanHeldOrAnUnknownCreatorMoveNothing) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  Earn(*store_, 100);
  Result<PayoutRecord> too_many = store_->CreatePayout(Payout(101), {});
  EXPECT_EQ(too_many.status().code(), ErrorCode::kOutOfRange);
  EXPECT_THAT(too_many.status().message(), ::testing::HasSubstr("holds 100 diamonds"));
  PayoutRecord stranger = Payout(10);
  stranger.creator_id = "nobody";
  EXPECT_EQ(store_->CreatePayout(stranger, {}).status().code(), ErrorCode::kNotFound);
  PayoutRecord bad_net = Payout(10);
  bad_net.net_minor += 1;
  EXPECT_EQ(store_->CreatePayout(bad_net, {}).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM payouts"), 0);
  EXPECT_EQ(store_->GetCreatorEarnings("app", "cus_creator")->balance, 100);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(PayoutsTest, ConcurrentPayoutsNeverRetireADiamondTwice) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  Earn(*store_, 1000);
  std::vector<std::unique_ptr<Store>> stores;
  stores.push_back(OpenAnother());
  stores.push_back(OpenAnother());
  std::atomic<int> created{0};
  std::atomic<int> refused{0};
  RunConcurrently(16, [&](int i) {
    Store& store = i % 3 == 0 ? *store_ : *stores[i % 2];
    Result<PayoutRecord> payout = store.CreatePayout(Payout(300, kT0 + 100 + i), {});
    if (payout.ok()) {
      ++created;
    } else if (payout.status().code() == ErrorCode::kOutOfRange) {
      ++refused;
    } else {
      ADD_FAILURE() << payout.status().ToString();
    }
  });
  EXPECT_EQ(created.load(), 3);
  EXPECT_EQ(refused.load(), 13);
  EXPECT_EQ(store_->GetCreatorEarnings("app", "cus_creator")->balance, 100);
  EXPECT_EQ(QueryInt("SELECT SUM(diamonds) FROM payouts"), 900);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(PayoutsTest, PayoutsDueForALookAreTheOpenOnesUntouchedLongEnough) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  Earn(*store_, 1000);
  const std::string early = store_->CreatePayout(Payout(100, kT0), {})->id;
  const std::string late = store_->CreatePayout(Payout(100, kT0 + 500'000), {})->id;
  const std::string paid = store_->CreatePayout(Payout(100, kT0), {})->id;
  PayoutChanges at;
  at.at_ms = kT0 + 1;
  ASSERT_TRUE(
      store_->TransitionPayout(paid, {PayoutState::kProcessing}, PayoutState::kPaid, at, {}).ok());
  // Due by kT0 + 600 s, untouched since before kT0 + 400 s: only `early`.
  std::vector<PayoutRecord> due = store_->ListPayoutsDue(kT0 + 600'000, kT0 + 400'000, 10).value();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, early);
  due = store_->ListPayoutsDue(kT0 + 600'000, kT0 + 600'000, 10).value();
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[1].id, late);
  EXPECT_EQ(store_->ListPayoutsDue(kT0, kT0 + 600'000, 0).status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_P(PayoutsTest, PayoutsNeedingAttentionAreTheEscalatedOnesOldestFirst) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  Earn(*store_, 1000);
  const std::string newer = store_->CreatePayout(Payout(100, kT0 + 1'000), {})->id;
  const std::string older = store_->CreatePayout(Payout(100, kT0), {})->id;
  store_->CreatePayout(Payout(100, kT0 + 2'000), {}).value();  // still processing
  PayoutChanges escalated;
  escalated.at_ms = kT0 + 90'000'000;
  escalated.failure_message = "not settled";
  for (const std::string& id : {newer, older}) {
    ASSERT_TRUE(store_
                    ->TransitionPayout(id, {PayoutState::kProcessing}, PayoutState::kNeedsAttention,
                                       escalated, {})
                    .ok());
  }
  std::vector<PayoutRecord> listed = store_->ListPayoutsNeedingAttention(10).value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, older);
  EXPECT_EQ(listed[1].id, newer);
  EXPECT_EQ(listed[0].failure_message, "not settled");
  EXPECT_EQ(store_->ListPayoutsNeedingAttention(1).value().size(), 1u);
  EXPECT_EQ(store_->ListPayoutsNeedingAttention(0).status().code(), ErrorCode::kInvalidArgument);
}

TEST_P(PayoutsTest, TheLatestFxRatesTableIsTheOneInForce) {
  EXPECT_FALSE(store_->GetFxRates().value());
  FxRatesRecord first{kT0, 3'600'000, "ECB", R"([{"from":"USD","to":"BRL","rate":"5.3"}])", kT0};
  FxRatesRecord second{kT0 + 10, 3'600'000, "ECB", R"([{"from":"USD","to":"BRL","rate":"5.4"}])",
                       kT0 + 20};
  ASSERT_TRUE(store_->PutFxRates(first).ok());
  ASSERT_TRUE(store_->PutFxRates(second).ok());
  EXPECT_EQ(store_->GetFxRates().value(), second);
  FxRatesRecord ageless = first;
  ageless.max_age_ms = 0;
  EXPECT_EQ(store_->PutFxRates(ageless).code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace mg::store::testing
