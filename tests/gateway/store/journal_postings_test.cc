// The posting rules on their own (gateway/store/src/journal_postings.h):
// rounding at the edges, and the balance check that guards every post.
#include "journal_postings.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace mg::store {
namespace {

TEST(JournalPostingsTest, TaxShareRoundsDownAndIsExactForTheWholeAmount) {
  EXPECT_EQ(TaxShare(1190, 190, 1190), 190);
  EXPECT_EQ(TaxShare(400, 190, 1190), 63);  // 63.86
  EXPECT_EQ(TaxShare(0, 190, 1190), 0);
  EXPECT_EQ(TaxShare(1000, 0, 1000), 0);
  // No overflow on the largest amounts.
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(TaxShare(kMax / 2, kMax / 4, kMax), kMax / 8);
}

// Lots are spent oldest first, each coin valued at its own lot's price:
// spending a lot in pieces releases exactly its price, and a wallet short
// of coins is refused naming both figures.
TEST(JournalPostingsTest, GiftsSpendOldestLotsFirstAtTheirOwnPrice) {
  std::vector<CoinLot> lots(2);
  lots[0].coins = lots[0].remaining = 3;
  lots[0].price_minor = 100;  // 33.3 each
  lots[1].coins = lots[1].remaining = 10;
  lots[1].price_minor = 50;
  int64_t released = 0;
  for (int i = 0; i < 3; ++i) {
    Result<std::vector<LotSpend>> spends = SpendOldestFirst(lots, 1);
    ASSERT_TRUE(spends.ok());
    ASSERT_EQ(spends->size(), 1u);
    EXPECT_EQ(spends->front().lot, 0u);
    lots[0].remaining -= 1;
    released += spends->front().price_minor;
  }
  EXPECT_EQ(released, 100);  // 33 + 33 + 34
  Result<std::vector<LotSpend>> rest = SpendOldestFirst(lots, 4);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ(rest->front().lot, 1u);
  EXPECT_EQ(rest->front().price_minor, 20);
  Result<std::vector<LotSpend>> too_many = SpendOldestFirst(lots, 11);
  EXPECT_EQ(too_many.status().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(too_many.status().message(), "the wallet holds 10 coins; the gift costs 11");
}

// A refund's money comes from what coin sales still owe first, then from
// gift revenue for the coins already gifted.
TEST(JournalPostingsTest, RefundsAfterGiftsTakeTheGiftedPartFromGiftRevenue) {
  EXPECT_EQ(RefundFromGiftRevenue(100, 0, 0, 100), 0);    // nothing gifted
  EXPECT_EQ(RefundFromGiftRevenue(100, 50, 0, 30), 0);    // fits in the 50 still owed
  EXPECT_EQ(RefundFromGiftRevenue(100, 50, 30, 70), 50);  // 20 owed, 50 gifted
  EXPECT_EQ(RefundFromGiftRevenue(100, 100, 0, 100), 100);
  EXPECT_EQ(RefundFromGiftRevenue(100, 60, 60, 40), 40);  // nothing left owed
}

TEST(JournalPostingsTest, ClawBacksAddUpToEveryCoinWhateverTheSplit) {
  Purchase purchase;
  purchase.captured_minor = 1000;
  CoinLot lot;
  lot.coins = lot.remaining = 7;
  // Three refunds of 333, 333 and 334: 2, 2 and 3 coins.
  int64_t refunded = 0;
  int64_t total = 0;
  for (int64_t amount : {333, 333, 334}) {
    const int64_t coins = CoinsToClawBack(purchase, refunded, amount, lot);
    lot.remaining -= coins;
    lot.clawed_back += coins;
    refunded += amount;
    total += coins;
  }
  EXPECT_EQ(total, 7);
  EXPECT_EQ(lot.remaining, 0);
  // Never more than is left of the lot.
  lot.remaining = 1;
  lot.clawed_back = 0;
  EXPECT_EQ(CoinsToClawBack(purchase, 0, 1000, lot), 1);
}

TEST(JournalPostingsTest, AGiftsDiamondsSplitOverItsLotsAddUpToTheGift) {
  const std::vector<LotSpend> spends = {{0, 3, 0}, {1, 3, 0}, {2, 1, 0}};
  const std::vector<int64_t> split = DiamondsPerSpend(5, 7, spends);
  ASSERT_EQ(split.size(), 3u);
  EXPECT_EQ(split[0] + split[1] + split[2], 5);
  EXPECT_EQ(split, (std::vector<int64_t>{2, 2, 1}));  // 15/7, 30/7, 35/7 rounded down
}

TEST(JournalPostingsTest, TheGiftedCoinsRefundedAreTheCoinsDueBeyondTheUnspentOnes) {
  CoinLot lot;
  lot.coins = 20;
  lot.remaining = 0;
  lot.clawed_back = 10;                               // 10 gifted
  EXPECT_EQ(GiftedCoinsRefunded(lot, 200, 100), 0);   // half: the 10 clawed back
  EXPECT_EQ(GiftedCoinsRefunded(lot, 200, 150), 5);   // 15 due
  EXPECT_EQ(GiftedCoinsRefunded(lot, 200, 200), 10);  // all, never more than gifted
  lot.clawed_back = 0;
  lot.remaining = 0;  // everything gifted
  EXPECT_EQ(GiftedCoinsRefunded(lot, 200, 199), 19);
}

TEST(JournalPostingsTest, TheDiamondsOfGiftedCoinsAreTakenPerCreatorInGiftOrder) {
  // Two gifts from one lot: 4 coins (2 diamonds) to A, 6 coins (3) to B.
  const std::vector<GiftSpend> spends = {{"app", "a", 4, 2}, {"app", "b", 6, 3}};
  const std::vector<DiamondClaw> first = DiamondsOfGiftedCoins(spends, 0, 5);
  // All of A's coins, and B's first coin: half a diamond, rounded down to none.
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].account, CreatorAccount("app", "a"));
  EXPECT_EQ(first[0].diamonds, 2);
  const std::vector<DiamondClaw> rest = DiamondsOfGiftedCoins(spends, 5, 10);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].diamonds, 3);  // together, every diamond of B's gift
  EXPECT_TRUE(DiamondsOfGiftedCoins(spends, 10, 10).empty());
}

TEST(JournalPostingsTest, ARefundJournalWithClawsBalancesInDiamonds) {
  Purchase purchase;
  purchase.id = "pur_1";
  purchase.market = "DE";
  purchase.owner = "app";
  purchase.customer_id = "cus_1";
  purchase.provider = "stripe";
  purchase.coins = 10;
  Refund refund;
  refund.id = "re_1";
  refund.currency = "EUR";
  refund.amount_minor = 100;
  const Journal journal =
      RefundJournal(purchase, refund, 0, 100, {{"creator:app/a", 2}, {"creator:app/b", 3}});
  EXPECT_TRUE(CheckBalanced(journal).ok()) << CheckBalanced(journal).ToString();
  int64_t issued = 0;
  for (const LedgerEntry& entry : journal.entries) {
    if (entry.account == kDiamondsIssuedAccount) issued += entry.amount;
  }
  EXPECT_EQ(issued, 5);
}

TEST(JournalPostingsTest, APurchaseWithoutCoinsOwesItsSaleAsGoods) {
  Purchase purchase;
  purchase.id = "pur_1";
  purchase.market = "FR";
  purchase.currency = "EUR";
  purchase.provider = "adyen";
  purchase.total_minor = purchase.captured_minor = 1200;
  purchase.tax_minor = 200;
  const Journal journal = PurchaseJournal(purchase);
  const std::vector<LedgerEntry> expected = {
      {"provider:adyen", "EUR", 1200}, {"tax_payable:FR", "EUR", -200}, {"sales:FR", "EUR", -1000}};
  EXPECT_EQ(journal.entries, expected);
  EXPECT_TRUE(CheckBalanced(journal).ok());
  EXPECT_TRUE(CheckBalanced(ReversalOf(journal, JournalKind::kRefundReversal)).ok());
}

TEST(JournalPostingsTest, UnbalancedOrEmptyEntriesAreRefused) {
  Journal journal;
  journal.reference = "pur_1";
  journal.entries = {{"provider:stripe", "EUR", 100}, {"sales:DE", "EUR", -99}};
  Status unbalanced = CheckBalanced(journal);
  EXPECT_EQ(unbalanced.code(), ErrorCode::kInternal);
  EXPECT_EQ(unbalanced.message(), "purchase journal of pur_1 does not balance in EUR (off by 1)");
  // Balanced in total but not per unit.
  journal.entries = {{"wallet:c", "coin", 100}, {"sales:DE", "EUR", -100}};
  EXPECT_FALSE(CheckBalanced(journal).ok());
  journal.entries = {{"wallet:c", "coin", 0}};
  EXPECT_FALSE(CheckBalanced(journal).ok());
}

}  // namespace
}  // namespace mg::store
