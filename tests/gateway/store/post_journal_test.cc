// How a journal is written (PostJournal in gateway/store/src/
// sql_store_journal.cc), on both backends: its entries in the journal's
// order and exactly as given, their amounts added to the balances (an
// account twice in one journal included), nothing written a second time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql_store_journal.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

class PostJournalTest : public SqlDatabaseTest {
 protected:
  Status Post(const std::string& reference, std::vector<LedgerEntry> entries) {
    Journal journal;
    journal.kind = JournalKind::kPurchase;
    journal.reference = reference;
    journal.market = "DE";
    journal.entries = std::move(entries);
    return db_->Write([&](SqlTransaction& txn) { return PostJournal(txn, journal, 1'000); });
  }
  int64_t Balance(const std::string& account) {
    return QueryInt("SELECT balance FROM ledger_balances WHERE account = '" + account + "'");
  }
  void ExpectLedgerConsistent() {
    Result<LedgerCheck> check = store_->CheckLedger();
    ASSERT_TRUE(check.ok()) << check.status().ToString();
    EXPECT_TRUE(check->consistent())
        << check->unbalanced.size() << " unbalanced, " << check->drift.size() << " drifted";
  }
};

TEST_P(PostJournalTest, EntriesKeepTheJournalsOrderAndBalancesAddUpRepeatedAccounts) {
  // The same account twice in one journal: both amounts reach its balance.
  const std::vector<LedgerEntry> entries = {
      {"provider:z", "EUR", -100}, {"market:a", "EUR", 60}, {"market:a", "EUR", 40}};
  ASSERT_TRUE(Post("pur_1", entries).ok());
  Result<std::vector<Journal>> posted = store_->ListJournals("pur_1");
  ASSERT_TRUE(posted.ok()) << posted.status().ToString();
  ASSERT_EQ(posted->size(), 1u);
  EXPECT_EQ(posted->front().entries, entries);
  EXPECT_EQ(Balance("market:a"), 100);
  EXPECT_EQ(Balance("provider:z"), -100);

  // A second journal adds to the rows the first created.
  ASSERT_TRUE(Post("pur_2", {{"market:a", "EUR", 5}, {"provider:z", "EUR", -5}}).ok());
  EXPECT_EQ(Balance("market:a"), 105);
  EXPECT_EQ(Balance("provider:z"), -105);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 5);
  ExpectLedgerConsistent();
}

TEST_P(PostJournalTest, AccountsAndAmountsArriveExactly) {
  // Text that JSON escapes, and amounts beyond a double's 53 bits.
  const std::vector<LedgerEntry> entries = {
      {"creator:owner/\"quoted\" \\ back-slash \xc3\xa9", "coin", 4'000'000'000'000'000'001},
      {"coins:issued", "coin", -4'000'000'000'000'000'001},
      {"float:owner/c-1", "EUR", 9'007'199'254'740'993},
      {"provider:stripe", "EUR", -9'007'199'254'740'993}};
  ASSERT_TRUE(Post("pur_exact", entries).ok());
  Result<std::vector<Journal>> posted = store_->ListJournals("pur_exact");
  ASSERT_TRUE(posted.ok()) << posted.status().ToString();
  ASSERT_EQ(posted->size(), 1u);
  EXPECT_EQ(posted->front().entries, entries);
  EXPECT_EQ(Balance("float:owner/c-1"), 9'007'199'254'740'993);
  EXPECT_EQ(Balance("coins:issued"), -4'000'000'000'000'000'001);
  ExpectLedgerConsistent();
}

TEST_P(PostJournalTest, AJournalPostedTwiceWritesNothingTheSecondTime) {
  const std::vector<LedgerEntry> entries = {{"market:a", "EUR", 7}, {"provider:z", "EUR", -7}};
  ASSERT_TRUE(Post("pur_twice", entries).ok());
  Status again = Post("pur_twice", entries);
  EXPECT_EQ(again.code(), ErrorCode::kInternal) << again.ToString();
  EXPECT_EQ(Balance("market:a"), 7);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ledger_entries"), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, PostJournalTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace mg::store::testing
