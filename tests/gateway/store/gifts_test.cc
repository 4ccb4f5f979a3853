// Creators and gifts in the store (gateway/store/gifts.h), on both
// backends: a gift spends the sender's oldest coins first and credits the
// creator's diamonds in one balanced journal; a wallet that holds too few
// coins, an unknown or restricted creator move nothing; concurrent gifts
// from one wallet never spend a coin twice.
#include <atomic>
#include <map>

#include "gift_test_support.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

MG_STORE_TEST_SUITE(GiftsTest);

int64_t Balance(Store& store) { return store.GetWallet("app", "cus_1", std::nullopt, 1)->balance; }

TEST_P(GiftsTest, ACreatorIsRegisteredThenUpdatedKeepingWhenItWasCreated) {
  Result<Creator> created = store_->PutCreator(BrazilianCreator());
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->updated_at_ms, kT0);
  Creator update = BrazilianCreator();
  update.created_at_ms = kT0 + 50;
  update.updated_at_ms = kT0 + 50;
  update.standing = CreatorStanding::kRestricted;
  ASSERT_TRUE(store_->PutCreator(update).ok());
  Result<Creator> stored = store_->GetCreator("app", "cus_creator");
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->created_at_ms, kT0);
  EXPECT_EQ(stored->updated_at_ms, kT0 + 50);
  EXPECT_EQ(stored->standing, CreatorStanding::kRestricted);
  // Per API account, as every record.
  EXPECT_EQ(store_->GetCreator("other", "cus_creator").status().code(), ErrorCode::kNotFound);
  Creator tokenless = BrazilianCreator();
  tokenless.payout_token.clear();
  EXPECT_EQ(store_->PutCreator(tokenless).status().code(), ErrorCode::kInvalidArgument);
}

TEST_P(GiftsTest, AGiftSpendsTheOldestCoinsFirstAndCreditsDiamondsInOneJournal) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  const std::string first = BuyCoins(*store_, 10, 100, kT0);        // 10 coins for EUR 1.00
  const std::string second = BuyCoins(*store_, 30, 600, kT0 + 10);  // 30 for EUR 6.00
  Result<GiftRecord> sent = store_->SendGift(Hearts(3), {});        // 15 coins, 7 diamonds
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->id.rfind("gft_", 0), 0u);
  EXPECT_EQ(*store_->GetGift(sent->id), *sent);

  EXPECT_EQ(QueryInt("SELECT remaining FROM coin_lots WHERE purchase_id = '" + first + "'"), 0);
  EXPECT_EQ(QueryInt("SELECT remaining FROM coin_lots WHERE purchase_id = '" + second + "'"), 25);
  Result<std::vector<Journal>> journals = store_->ListJournals(sent->id);
  ASSERT_EQ(journals->size(), 1u);
  EXPECT_EQ(journals->front().kind, JournalKind::kGift);
  // The first lot's 10 coins cost 1.00, 5 of the second 1.00 (6.00 / 30 * 5).
  const std::vector<LedgerEntry> expected = {
      {"wallet:app/cus_1", "coin", -15},  {"coins:issued", "coin", 15},
      {"diamonds:issued", "diamond", -7}, {"creator:app/cus_creator", "diamond", 7},
      {"coin_sales:DE", "EUR", 200},      {"gift_revenue:DE", "EUR", -200}};
  EXPECT_EQ(journals->front().entries, expected);
  EXPECT_EQ(Balance(*store_), 25);
  Result<WalletPage> wallet = store_->GetWallet("app", "cus_1", std::nullopt, 1);
  EXPECT_EQ(wallet->history.front().kind, JournalKind::kGift);
  EXPECT_EQ(wallet->history.front().coins, -15);

  Result<CreatorEarnings> earnings = store_->GetCreatorEarnings("app", "cus_creator");
  ASSERT_TRUE(earnings.ok()) << earnings.status().ToString();
  EXPECT_EQ(earnings->balance, 7);
  EXPECT_EQ(earnings->earned, 7);
  EXPECT_EQ(earnings->gifts, 1);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

// Spending a whole lot in pieces releases exactly what it cost.
TEST_P(GiftsTest, ALotSpentInPiecesReleasesExactlyItsPrice) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  BuyCoins(*store_, 15, 100, kT0);  // 15 coins for EUR 1.00: 6.67 cents each
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store_->SendGift(Hearts(1, kT0 + 100 + i), {}).ok());
  EXPECT_EQ(QueryInt("SELECT SUM(amount) FROM ledger_entries WHERE account = 'gift_revenue:DE'"),
            -100);
  EXPECT_EQ(QueryInt("SELECT balance FROM ledger_balances WHERE account = 'coin_sales:DE'"), 0);
}

TEST_P(GiftsTest, WhatCannotBeSentMovesNothing) {
  BuyCoins(*store_, 10, 100, kT0);
  // No such creator yet.
  EXPECT_EQ(store_->SendGift(Hearts(1), {}).status().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  // 15 coins from a wallet of 10.
  Result<GiftRecord> too_much = store_->SendGift(Hearts(3), {});
  EXPECT_EQ(too_much.status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(too_much.status().message(), "the wallet holds 10 coins; the gift costs 15");
  // A creator gifting themself.
  GiftRecord self = Hearts(1);
  self.creator_id = self.sender_id;
  EXPECT_EQ(store_->SendGift(self, {}).status().code(), ErrorCode::kInvalidArgument);
  // A restricted creator.
  Creator restricted = BrazilianCreator();
  restricted.standing = CreatorStanding::kRestricted;
  ASSERT_TRUE(store_->PutCreator(restricted).ok());
  EXPECT_EQ(store_->SendGift(Hearts(1), {}).status().code(), ErrorCode::kFailedPrecondition);

  EXPECT_EQ(Balance(*store_), 10);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM gifts"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_journals WHERE kind = 'gift'"), 0);
  EXPECT_EQ(store_->GetCreatorEarnings("app", "cus_creator")->balance, 0);
}

TEST_P(GiftsTest, ACreatorHoldingDiamondsStaysInTheirMarket) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  BuyCoins(*store_, 10, 100, kT0);
  ASSERT_TRUE(store_->SendGift(Hearts(1), {}).ok());
  Creator moved = BrazilianCreator();
  moved.market = "MX";
  Result<Creator> refused = store_->PutCreator(moved);
  EXPECT_EQ(refused.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().param(), "market");
  EXPECT_EQ(store_->GetCreator("app", "cus_creator")->market, "BR");
}

// A purchase refunded after some of its coins were gifted: the unspent
// coins are clawed back, the money comes first out of what coin sales still
// owe and the rest out of gift revenue (the platform carries it), and the
// creator keeps the diamonds. Coin sales never go above zero.
TEST_P(GiftsTest, ARefundAfterGiftsTakesTheGiftedPartFromGiftRevenue) {
  ASSERT_TRUE(store_->PutCreator(BrazilianCreator()).ok());
  const std::string purchase = BuyCoins(*store_, 10, 100, kT0);  // EUR 1.00, no tax
  ASSERT_TRUE(store_->SendGift(Hearts(1), {}).ok());             // 5 coins: EUR 0.50 released
  std::string last_refund;
  for (const auto& [amount, at] :
       {std::pair<int64_t, UnixMillis>{30, kT0 + 200}, {70, kT0 + 300}}) {
    Refund refund = SampleRefund(purchase, amount, at);
    refund.tax_minor = 0;
    refund.state = RefundState::kSucceeded;
    Result<Refund> made = store_->CreateRefund(refund, {});
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    last_refund = made->id;
  }
  EXPECT_EQ(Balance(*store_), 0);
  EXPECT_EQ(QueryInt("SELECT clawed_back FROM coin_lots"), 5);
  EXPECT_EQ(QueryInt("SELECT balance FROM ledger_balances WHERE account = 'coin_sales:DE'"), 0);
  EXPECT_EQ(QueryInt("SELECT balance FROM ledger_balances WHERE account = 'gift_revenue:DE'"), 0);
  EXPECT_EQ(QueryInt("SELECT balance FROM ledger_balances WHERE account = 'provider:stripe'"), 0);
  EXPECT_EQ(store_->GetCreatorEarnings("app", "cus_creator")->balance, 2);  // as the gift credited
  // The first refund (0.30) fits in what coin sales still owed (0.50); the
  // second (0.70) takes 0.20 from there and 0.50 from gift revenue.
  Result<std::vector<Journal>> journals = store_->ListJournals(last_refund);
  ASSERT_TRUE(journals.ok());
  ASSERT_EQ(journals->size(), 1u);
  std::map<std::string, int64_t> moved;
  for (const LedgerEntry& entry : journals->front().entries) moved[entry.account] = entry.amount;
  EXPECT_EQ(moved["coin_sales:DE"], 20);
  EXPECT_EQ(moved["gift_revenue:DE"], 50);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

// 32 gifts of 5 coins from a wallet of 100 to four creators, from three
// connections (on PostgreSQL, three pools): exactly 20 are sent, and no
// coin twice. (Four creators, so that nothing but the wallet's own lots
// orders the gifts.)
TEST_P(GiftsTest, ConcurrentGiftsNeverOverdrawTheWallet) {
  for (int c = 0; c < 4; ++c) {
    Creator creator = BrazilianCreator();
    creator.id = "cus_creator_" + std::to_string(c);
    ASSERT_TRUE(store_->PutCreator(creator).ok());
  }
  BuyCoins(*store_, 60, 600, kT0);
  BuyCoins(*store_, 40, 400, kT0 + 10);
  std::vector<std::unique_ptr<Store>> stores;
  stores.push_back(OpenAnother());
  stores.push_back(OpenAnother());
  std::atomic<int> sent{0};
  std::atomic<int> refused{0};
  RunConcurrently(32, [&](int i) {
    Store& store = i % 3 == 0 ? *store_ : *stores[i % 2];
    GiftRecord hearts = Hearts(1, kT0 + 100 + i);
    hearts.creator_id = "cus_creator_" + std::to_string(i % 4);
    Result<GiftRecord> gift = store.SendGift(hearts, {});
    if (gift.ok()) {
      ++sent;
    } else if (gift.status().code() == ErrorCode::kOutOfRange) {
      ++refused;
    } else {
      ADD_FAILURE() << gift.status().ToString();
    }
  });
  EXPECT_EQ(sent.load(), 20);
  EXPECT_EQ(refused.load(), 12);
  EXPECT_EQ(Balance(*store_), 0);
  EXPECT_EQ(QueryInt("SELECT SUM(remaining) FROM coin_lots"), 0);
  EXPECT_EQ(QueryInt("SELECT SUM(coins) FROM gifts"), 100);
  EXPECT_EQ(QueryInt("SELECT SUM(diamonds) FROM gifts"), 20 * 2);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

}  // namespace
}  // namespace mg::store::testing
