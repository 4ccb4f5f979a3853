// The posting rules on their own (gateway/store/src/journal_postings.h):
// rounding at the edges, and the balance check that guards every post.
#include "journal_postings.h"

#include <gtest/gtest.h>

#include <limits>

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
