#include "gateway/audit/ledger_drift.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mg::audit {
namespace {

using store::JournalKind;
using store::PurchaseState;
using store::RefundState;

// A purchase of 70 coins for 1,000 cents, in `state`, with no journal yet.
StoredPurchase Bought(PurchaseState state) {
  StoredPurchase p;
  p.purchase.id = "pur_1";
  p.purchase.customer_id = "cus_1";
  p.purchase.owner = "app";
  p.purchase.market = "DE";
  p.purchase.currency = "EUR";
  p.purchase.total_minor = p.purchase.captured_minor = 1000;
  p.purchase.coins = 70;
  p.purchase.provider = "stripe";
  p.purchase.state = state;
  return p;
}

store::Journal JournalOf(JournalKind kind, const std::string& reference, int64_t coins) {
  store::Journal j;
  j.id = "jnl_" + reference + "_" + std::string(store::Name(kind));
  j.kind = kind;
  j.reference = reference;
  j.entries = {{"coins:issued", "coin", -coins}, {"wallet:app/cus_1", "coin", coins}};
  return j;
}

store::Refund RefundIn(RefundState state) {
  store::Refund r;
  r.id = "re_1";
  r.purchase_id = "pur_1";
  r.amount_minor = 1000;
  r.state = state;
  return r;
}

std::vector<std::string> Kinds(const std::vector<Drift>& drift) {
  std::vector<std::string> kinds;
  for (const Drift& d : drift) kinds.push_back(d.kind);
  return kinds;
}

TEST(LedgerDriftTest, ASettledPurchaseNeedsExactlyOneJournal) {
  StoredPurchase settled = Bought(PurchaseState::kSucceeded);
  std::vector<Drift> missing = FindLedgerDrift({settled}, {});
  ASSERT_EQ(Kinds(missing), std::vector<std::string>{"ledger_missing"});
  EXPECT_EQ(missing[0].purchase_id, "pur_1");
  EXPECT_EQ(missing[0].detail, "0 purchase journals for a purchase that is succeeded");

  settled.journals = {JournalOf(JournalKind::kPurchase, "pur_1", 70)};
  EXPECT_TRUE(FindLedgerDrift({settled}, {}).empty());

  StoredPurchase failed = Bought(PurchaseState::kFailed);
  failed.journals = settled.journals;
  EXPECT_EQ(Kinds(FindLedgerDrift({failed}, {})), std::vector<std::string>{"ledger_missing"});
  failed.journals.clear();
  EXPECT_TRUE(FindLedgerDrift({failed}, {}).empty());
}

TEST(LedgerDriftTest, AJournalCreditingOtherCoinsIsAMismatch) {
  StoredPurchase settled = Bought(PurchaseState::kSucceeded);
  settled.journals = {JournalOf(JournalKind::kPurchase, "pur_1", 700)};
  std::vector<Drift> drift = FindLedgerDrift({settled}, {});
  ASSERT_EQ(Kinds(drift), std::vector<std::string>{"ledger_coins_mismatch"});
  EXPECT_EQ(drift[0].detail, "journal jnl_pur_1_purchase credited 700 coins for a purchase of 70");
}

TEST(LedgerDriftTest, RefundsNeedTheirJournalWhileTheyStandSucceeded) {
  StoredPurchase p = Bought(PurchaseState::kRefunded);
  p.journals = {JournalOf(JournalKind::kPurchase, "pur_1", 70)};
  p.refunds = {RefundIn(RefundState::kSucceeded)};
  EXPECT_EQ(Kinds(FindLedgerDrift({p}, {})), std::vector<std::string>{"ledger_missing"});
  p.journals.push_back(JournalOf(JournalKind::kRefund, "re_1", -70));
  EXPECT_TRUE(FindLedgerDrift({p}, {}).empty());
  // Failed after succeeding: its journal must have been reversed.
  p.refunds[0].state = RefundState::kFailed;
  EXPECT_EQ(Kinds(FindLedgerDrift({p}, {})), std::vector<std::string>{"ledger_missing"});
  p.journals.push_back(JournalOf(JournalKind::kRefundReversal, "re_1", 70));
  EXPECT_TRUE(FindLedgerDrift({p}, {}).empty());
}

TEST(LedgerDriftTest, TheWholeLedgersCheckBecomesDrift) {
  store::LedgerCheck check;
  check.unbalanced = {{"jnl_9", "EUR", 5}};
  check.drift = {{"wallet:cus_1", "coin", 71, 70}};
  check.lot_drift = {{"wallet:app/cus_2", 40, 39}};
  std::vector<Drift> drift = FindLedgerDrift({}, check);
  ASSERT_EQ(Kinds(drift), (std::vector<std::string>{"ledger_unbalanced", "ledger_balance_drift",
                                                    "ledger_lots_mismatch"}));
  EXPECT_EQ(drift[0].detail, "journal jnl_9 is off by 5 EUR");
  EXPECT_EQ(drift[1].detail, "wallet:cus_1 holds 71 coin but its entries add up to 70");
  EXPECT_EQ(drift[2].detail, "wallet:app/cus_2 holds 40 coins but its coin lots hold 39");
}

}  // namespace
}  // namespace mg::audit
