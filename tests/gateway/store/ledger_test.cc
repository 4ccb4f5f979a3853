// The ledger under purchases and refunds (gateway/store/ledger.h), on both
// backends: one balanced journal per settled change, posted with it, never
// twice; coins clawed back in proportion; the database refusing to rewrite
// history; CheckLedger finding what does not add up.
#include <map>

#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

constexpr UnixMillis kT0 = 1'700'000'000'000;

MG_STORE_TEST_SUITE(LedgerTest);

// The SamplePurchase (70 coins for EUR 11.90, 1.90 of it tax) of a customer
// of the API account "app".
Purchase AppPurchase(UnixMillis at = kT0) {
  Purchase purchase = SamplePurchase(at);
  purchase.owner = "app";
  return purchase;
}

// AppPurchase, settled.
std::string SettledPurchase(Store& store, UnixMillis at = kT0) {
  Result<Purchase> created = store.CreatePurchase(AppPurchase(at), {});
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  Result<Purchase> settled =
      store.TransitionPurchase(created->id, {PurchaseState::kCreated}, PurchaseState::kSucceeded,
                               PaymentChanges::At(at + 1).set_captured_minor(1190), {});
  EXPECT_TRUE(settled.ok()) << settled.status().ToString();
  return created->id;
}

Refund RefundOf(const std::string& purchase_id, int64_t amount, RefundState state) {
  Refund refund = SampleRefund(purchase_id, amount, kT0 + 10);
  refund.state = state;
  return refund;
}

// account/unit -> the sum of the entries of `journals` on it.
std::map<std::string, int64_t> Moves(const std::vector<Journal>& journals) {
  std::map<std::string, int64_t> moves;
  for (const Journal& journal : journals) {
    for (const LedgerEntry& entry : journal.entries) {
      moves[entry.account + "/" + entry.unit] += entry.amount;
    }
  }
  return moves;
}

TEST_P(LedgerTest, ASettledPurchasePostsOneBalancedJournalAndCreditsTheWallet) {
  const std::string id = SettledPurchase(*store_);
  Result<std::vector<Journal>> journals = store_->ListJournals(id);
  ASSERT_TRUE(journals.ok()) << journals.status().ToString();
  ASSERT_EQ(journals->size(), 1u);
  const Journal& journal = journals->front();
  EXPECT_EQ(journal.kind, JournalKind::kPurchase);
  EXPECT_EQ(journal.market, "DE");
  EXPECT_EQ(journal.created_at_ms, kT0 + 1);
  EXPECT_EQ(journal.id.rfind("jnl_", 0), 0u);
  const std::vector<LedgerEntry> expected = {{"provider:stripe", "EUR", 1190},
                                             {"tax_payable:DE", "EUR", -190},
                                             {"coin_sales:DE", "EUR", -1000},
                                             {"coins:issued", "coin", -70},
                                             {"wallet:app/cus_1", "coin", 70}};
  EXPECT_EQ(journal.entries, expected);

  Result<WalletPage> wallet = store_->GetWallet("app", "cus_1", std::nullopt, 10);
  ASSERT_TRUE(wallet.ok()) << wallet.status().ToString();
  EXPECT_EQ(wallet->balance, 70);
  ASSERT_EQ(wallet->history.size(), 1u);
  EXPECT_EQ(wallet->history[0].journal_id, journal.id);
  EXPECT_EQ(wallet->history[0].reference, id);
  EXPECT_EQ(wallet->history[0].coins, 70);
  EXPECT_FALSE(wallet->next_before_seq.has_value());
  EXPECT_EQ(QueryInt("SELECT remaining FROM coin_lots WHERE purchase_id = '" + id + "'"), 70);
  EXPECT_EQ(QueryInt("SELECT price_minor FROM coin_lots WHERE purchase_id = '" + id + "'"), 1000);

  Result<LedgerCheck> check = store_->CheckLedger();
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_TRUE(check->consistent());
  EXPECT_EQ(check->journals, 1);
  EXPECT_EQ(check->entries, 5);
}

TEST_P(LedgerTest, NothingIsPostedBeforeSettlementOrTwiceAfterIt) {
  Result<Purchase> created = store_->CreatePurchase(AppPurchase(), {});
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(store_
                  ->TransitionPurchase(created->id, {PurchaseState::kCreated},
                                       PurchaseState::kPending, PaymentChanges::At(kT0 + 1), {})
                  .ok());
  EXPECT_TRUE(store_->ListJournals(created->id)->empty());
  EXPECT_EQ(store_->GetWallet("app", "cus_1", std::nullopt, 10)->balance, 0);
  // Settled, then moved again between settled states: one journal.
  ASSERT_TRUE(store_
                  ->TransitionPurchase(created->id, {PurchaseState::kPending},
                                       PurchaseState::kSucceeded,
                                       PaymentChanges::At(kT0 + 2).set_captured_minor(1190), {})
                  .ok());
  ASSERT_TRUE(
      store_
          ->TransitionPurchase(created->id, {PurchaseState::kSucceeded}, PurchaseState::kSucceeded,
                               PaymentChanges::At(kT0 + 3).set_provider_reference("ch_1"), {})
          .ok());
  EXPECT_EQ(store_->ListJournals(created->id)->size(), 1u);
  EXPECT_EQ(store_->GetWallet("app", "cus_1", std::nullopt, 10)->balance, 70);
}

TEST_P(LedgerTest, AFailedPurchaseMovesNothing) {
  Result<Purchase> created = store_->CreatePurchase(AppPurchase(), {});
  ASSERT_TRUE(store_
                  ->TransitionPurchase(created->id, {PurchaseState::kCreated},
                                       PurchaseState::kFailed, PaymentChanges::At(kT0 + 1), {})
                  .ok());
  EXPECT_TRUE(store_->ListJournals(created->id)->empty());
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 0);
}

TEST_P(LedgerTest, RefundsClawBackCoinsInProportionAndAllOfThemAtAFullRefund) {
  const std::string id = SettledPurchase(*store_);
  // A third of the money: floor(70 * 400 / 1190) = 23 coins.
  Result<Refund> first = store_->CreateRefund(RefundOf(id, 400, RefundState::kPending), {});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(store_->ListJournals(first->id)->size(), 0u) << "pending refunds move nothing";
  ASSERT_TRUE(store_
                  ->TransitionRefund(first->id, {RefundState::kPending}, RefundState::kSucceeded,
                                     PaymentChanges::At(kT0 + 20), {})
                  .ok());
  EXPECT_EQ(store_->GetWallet("app", "cus_1", std::nullopt, 10)->balance, 70 - 23);
  // The rest, recorded as succeeded at once: the remaining 47 coins.
  Result<Refund> rest = store_->CreateRefund(RefundOf(id, 790, RefundState::kSucceeded), {});
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  Result<WalletPage> wallet = store_->GetWallet("app", "cus_1", std::nullopt, 10);
  EXPECT_EQ(wallet->balance, 0);
  ASSERT_EQ(wallet->history.size(), 3u);
  EXPECT_EQ(wallet->history[0].kind, JournalKind::kRefund);
  EXPECT_EQ(wallet->history[0].reference, rest->id);
  EXPECT_EQ(wallet->history[0].coins, -47);
  EXPECT_EQ(wallet->history[1].coins, -23);
  EXPECT_EQ(QueryInt("SELECT clawed_back FROM coin_lots WHERE purchase_id = '" + id + "'"), 70);

  std::vector<Journal> all = *store_->ListJournals(id);
  for (const std::string& refund : {first->id, rest->id}) {
    Result<std::vector<Journal>> journals = store_->ListJournals(refund);
    ASSERT_TRUE(journals.ok());
    all.insert(all.end(), journals->begin(), journals->end());
  }
  std::map<std::string, int64_t> moves = Moves(all);
  EXPECT_EQ(moves["provider:stripe/EUR"], 0) << "all the money went back";
  EXPECT_EQ(moves["coins:issued/coin"], 0) << "no coin of it is left in circulation";
  EXPECT_EQ(moves["wallet:app/cus_1/coin"], 0);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(LedgerTest, ARefundThatFailsAfterSucceedingIsReversed) {
  const std::string id = SettledPurchase(*store_);
  Result<Refund> refund = store_->CreateRefund(RefundOf(id, 1190, RefundState::kSucceeded), {});
  ASSERT_TRUE(refund.ok()) << refund.status().ToString();
  EXPECT_EQ(store_->GetWallet("app", "cus_1", std::nullopt, 10)->balance, 0);
  ASSERT_TRUE(store_
                  ->TransitionRefund(refund->id, {RefundState::kSucceeded}, RefundState::kFailed,
                                     PaymentChanges::At(kT0 + 30), {})
                  .ok());
  Result<std::vector<Journal>> journals = store_->ListJournals(refund->id);
  ASSERT_EQ(journals->size(), 2u);
  EXPECT_EQ((*journals)[1].kind, JournalKind::kRefundReversal);
  EXPECT_EQ(Moves(*journals), (std::map<std::string, int64_t>{{"provider:stripe/EUR", 0},
                                                              {"tax_payable:DE/EUR", 0},
                                                              {"coin_sales:DE/EUR", 0},
                                                              {"wallet:app/cus_1/coin", 0},
                                                              {"coins:issued/coin", 0}}));
  EXPECT_EQ(store_->GetWallet("app", "cus_1", std::nullopt, 10)->balance, 70);
  EXPECT_EQ(QueryInt("SELECT remaining FROM coin_lots WHERE purchase_id = '" + id + "'"), 70);
  // Its money can be refunded again, and the coins clawed back again.
  ASSERT_TRUE(store_->CreateRefund(RefundOf(id, 1190, RefundState::kSucceeded), {}).ok());
  EXPECT_EQ(store_->GetWallet("app", "cus_1", std::nullopt, 10)->balance, 0);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

TEST_P(LedgerTest, WalletHistoryPagesNewestFirst) {
  for (int i = 0; i < 5; ++i) SettledPurchase(*store_, kT0 + 100 * i);
  Result<WalletPage> first = store_->GetWallet("app", "cus_1", std::nullopt, 2);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->balance, 350);
  ASSERT_EQ(first->history.size(), 2u);
  EXPECT_EQ(first->history[0].at_ms, kT0 + 401);
  ASSERT_TRUE(first->next_before_seq.has_value());
  Result<WalletPage> second = store_->GetWallet("app", "cus_1", first->next_before_seq, 2);
  ASSERT_EQ(second->history.size(), 2u);
  EXPECT_EQ(second->history[0].at_ms, kT0 + 201);
  Result<WalletPage> last = store_->GetWallet("app", "cus_1", second->next_before_seq, 2);
  ASSERT_EQ(last->history.size(), 1u);
  EXPECT_EQ(last->history[0].at_ms, kT0 + 1);
  EXPECT_FALSE(last->next_before_seq.has_value());
  EXPECT_EQ(store_->GetWallet("app", "cus_unknown", std::nullopt, 2)->balance, 0);
  // Another API account's customer of the same id has a wallet of its own.
  EXPECT_EQ(store_->GetWallet("other_app", "cus_1", std::nullopt, 2)->balance, 0);
  EXPECT_EQ(store_->GetWallet("app", "", std::nullopt, 2).status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_P(LedgerTest, TheDatabaseRefusesToRewriteOrDeleteWhatWasPosted) {
  SettledPurchase(*store_);
  for (const std::string sql :
       {"UPDATE ledger_entries SET amount = amount + 1", "DELETE FROM ledger_entries",
        "UPDATE ledger_journals SET kind = 'x'", "DELETE FROM ledger_journals"}) {
    EXPECT_NE(TryExecSql(sql).find("append-only"), std::string::npos) << sql;
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 5);
}

TEST_P(LedgerTest, CheckLedgerFindsUnbalancedJournalsAndDriftedBalances) {
  SettledPurchase(*store_);
  ASSERT_TRUE(store_->CheckLedger()->consistent());
  // Written around the store, as a bug or a hand edit would.
  ExecSql("UPDATE ledger_balances SET balance = balance + 5 WHERE account = 'wallet:app/cus_1'");
  ExecSql(
      "INSERT INTO ledger_entries (journal_id, account, unit, amount) SELECT id, "
      "'provider:stripe', 'EUR', 1 FROM ledger_journals");
  Result<LedgerCheck> check = store_->CheckLedger();
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_FALSE(check->consistent());
  ASSERT_EQ(check->unbalanced.size(), 1u);
  EXPECT_EQ(check->unbalanced[0].unit, "EUR");
  EXPECT_EQ(check->unbalanced[0].sum, 1);
  ASSERT_EQ(check->drift.size(), 2u);
  EXPECT_EQ(check->drift[0].account, "provider:stripe");
  EXPECT_EQ(check->drift[0].balance, 1190);
  EXPECT_EQ(check->drift[0].entry_sum, 1191);
  EXPECT_EQ(check->drift[1].account, "wallet:app/cus_1");
  EXPECT_EQ(check->drift[1].balance, 75);
  EXPECT_EQ(check->drift[1].entry_sum, 70);
  // The wallet's balance no longer matches its coin lot either.
  ASSERT_EQ(check->lot_drift.size(), 1u);
  EXPECT_EQ(check->lot_drift[0].account, "wallet:app/cus_1");
  EXPECT_EQ(check->lot_drift[0].wallet, 75);
  EXPECT_EQ(check->lot_drift[0].lots, 70);
}

// A coin lot changed behind the store's back (coins a gift or refund would
// then spend twice, or never) is found against the wallet it belongs to.
TEST_P(LedgerTest, CheckLedgerFindsWalletsTheirLotsDoNotAddUpTo) {
  SettledPurchase(*store_);
  ExecSql("UPDATE coin_lots SET remaining = remaining - 1");
  Result<LedgerCheck> check = store_->CheckLedger();
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_TRUE(check->unbalanced.empty());
  EXPECT_TRUE(check->drift.empty());
  ASSERT_EQ(check->lot_drift.size(), 1u);
  EXPECT_EQ(check->lot_drift[0].account, "wallet:app/cus_1");
  EXPECT_EQ(check->lot_drift[0].wallet, 70);
  EXPECT_EQ(check->lot_drift[0].lots, 69);
  EXPECT_FALSE(check->consistent());
}

// 16 settlements of one customer's purchases racing from two stores on one
// database: every one posts, each once, and the balance adds up.
TEST_P(LedgerTest, ConcurrentSettlementsFromTwoProcessesAllPostOnce) {
  std::unique_ptr<Store> other = OpenAnother();
  std::vector<std::string> ids;
  for (int i = 0; i < 16; ++i) ids.push_back(store_->CreatePurchase(AppPurchase(), {})->id);
  RunConcurrently(32, [&](int i) {
    Store& store = i % 2 == 0 ? *store_ : *other;
    // Two tries per purchase: one of them settles it, the other is refused.
    (void)store.TransitionPurchase(ids[i / 2], {PurchaseState::kCreated}, PurchaseState::kSucceeded,
                                   PaymentChanges::At(kT0 + 1).set_captured_minor(1190), {});
  });
  EXPECT_EQ(store_->GetWallet("app", "cus_1", std::nullopt, 100)->balance, 16 * 70);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_journals"), 16);
  EXPECT_TRUE(store_->CheckLedger()->consistent());
}

}  // namespace
}  // namespace mg::store::testing
