// Deferred statements (SqlTransaction::ExecDeferred in gateway/store/src/
// sql.h): PostgreSQL pipelines them with the next statement that waits for
// an answer, or with COMMIT; SQLite runs them at once. On both, a deferred
// statement's failure fails the transaction and undoes all of it, and the
// connection serves the next one.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "sql.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

// The fixture's store migrated the schema: outbox_events exists.
class DeferredStatementsTest : public SqlDatabaseTest {
 protected:
  static Status Insert(SqlTransaction& txn, const std::string& id) {
    return txn.ExecDeferred(Stmt::kEventInsert, {id, "test.event", "{}", int64_t{1}, int64_t{1}});
  }
  static Result<std::string> StateOf(SqlTransaction& txn, const std::string& id) {
    std::string state = "absent";
    MG_RETURN_IF_ERROR(txn.Query(Stmt::kEventState, {id}, [&](const SqlRow& row) {
      state = std::string(row.Text(0));
      return Status::Ok();
    }));
    return state;
  }
  int64_t Events() { return QueryInt("SELECT COUNT(*) FROM outbox_events"); }
};

TEST_P(DeferredStatementsTest, CommitWithTheTransactionAndAreSeenByItsLaterQueries) {
  std::string seen;
  Status written = db_->Write([&](SqlTransaction& txn) -> Status {
    MG_RETURN_IF_ERROR(Insert(txn, "evt_a"));
    MG_RETURN_IF_ERROR(Insert(txn, "evt_b"));
    MG_ASSIGN_OR_RETURN(seen, StateOf(txn, "evt_b"));
    return Insert(txn, "evt_c");  // travels with COMMIT
  });
  ASSERT_TRUE(written.ok()) << written.ToString();
  EXPECT_EQ(seen, "pending");
  EXPECT_EQ(Events(), 3);
}

TEST_P(DeferredStatementsTest, AFailureFailsTheCommitAndUndoesTheWholeTransaction) {
  Status written = db_->Write([&](SqlTransaction& txn) -> Status {
    MG_RETURN_IF_ERROR(Insert(txn, "evt_a"));
    MG_RETURN_IF_ERROR(Insert(txn, "evt_a"));  // the same key again
    return Insert(txn, "evt_b");
  });
  EXPECT_EQ(written.code(), ErrorCode::kConflict) << written.ToString();
  EXPECT_EQ(Events(), 0);
  // The pool's connection is reused, out of pipeline mode and transaction.
  for (const char* id : {"evt_c", "evt_d"}) {
    Status next = db_->Write([&](SqlTransaction& txn) { return Insert(txn, id); });
    ASSERT_TRUE(next.ok()) << next.ToString();
  }
  EXPECT_EQ(Events(), 2);
}

TEST_P(DeferredStatementsTest, AFailureIsReportedByTheNextStatementThatWaits) {
  Status at_repeat;
  Status at_query;
  Status written = db_->Write([&](SqlTransaction& txn) -> Status {
    MG_RETURN_IF_ERROR(Insert(txn, "evt_a"));
    at_repeat = Insert(txn, "evt_a");
    if (!at_repeat.ok()) return at_repeat;  // SQLite: at once
    at_query = StateOf(txn, "evt_a").status();
    return at_query;
  });
  EXPECT_EQ(written.code(), ErrorCode::kConflict);
  if (GetParam() == Backend::kPostgres) {
    EXPECT_TRUE(at_repeat.ok());  // sent, not yet answered
    EXPECT_EQ(at_query.code(), ErrorCode::kConflict);
  } else {
    EXPECT_EQ(at_repeat.code(), ErrorCode::kConflict);
  }
  EXPECT_EQ(Events(), 0);
}

TEST_P(DeferredStatementsTest, ABodyFailingWithStatementsQueuedRollsThemBack) {
  Status written = db_->Write([&](SqlTransaction& txn) -> Status {
    MG_RETURN_IF_ERROR(Insert(txn, "evt_a"));
    return Status(ErrorCode::kComplianceDenied, "the body changed its mind");
  });
  EXPECT_EQ(written.code(), ErrorCode::kComplianceDenied);
  EXPECT_EQ(Events(), 0);
  ASSERT_TRUE(db_->Write([&](SqlTransaction& txn) { return Insert(txn, "evt_b"); }).ok());
  EXPECT_EQ(Events(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DeferredStatementsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace mg::store::testing
