// Steps a transaction body queues for its end (SqlTransaction::AtEnd in
// gateway/store/src/sql.h): run after the body, before the commit, inside
// the same transaction, on both backends.
#include "sql.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

class SqlTransactionEndTest : public SqlDatabaseTest {
 protected:
  void SetUp() override {
    SqlDatabaseTest::SetUp();
    if (db_ == nullptr) return;
    ExecSql("CREATE TABLE steps (n BIGINT NOT NULL, name TEXT NOT NULL)");
  }

  // A step (or body statement) that records its name and the order it ran in.
  Status Record(SqlTransaction& txn, const std::string& name) {
    return txn.ExecScript("INSERT INTO steps (n, name) VALUES (" + std::to_string(++order_) +
                          ", '" + name + "')");
  }
  int64_t OrderOf(const std::string& name) {
    return QueryInt("SELECT COALESCE(MAX(n), 0) FROM steps WHERE name = '" + name + "'");
  }

  int order_ = 0;
};

TEST_P(SqlTransactionEndTest, StepsRunAfterTheBodyInOrderAndCommitWithIt) {
  Status written = db_->Write([&](SqlTransaction& txn) -> Status {
    order_ = 0;
    txn.AtEnd([&](SqlTransaction& end) -> Status {
      // A step may queue another: it runs after the steps already queued.
      end.AtEnd([&](SqlTransaction& last) { return Record(last, "queued_by_a_step"); });
      return Record(end, "first_step");
    });
    MG_RETURN_IF_ERROR(Record(txn, "body"));
    txn.AtEnd([&](SqlTransaction& end) { return Record(end, "second_step"); });
    return Status::Ok();
  });
  ASSERT_TRUE(written.ok()) << written.ToString();
  EXPECT_EQ(OrderOf("body"), 1);
  EXPECT_EQ(OrderOf("first_step"), 2);
  EXPECT_EQ(OrderOf("second_step"), 3);
  EXPECT_EQ(OrderOf("queued_by_a_step"), 4);
}

TEST_P(SqlTransactionEndTest, AFailedBodyRunsNoneOfItsSteps) {
  Status written = db_->Write([&](SqlTransaction& txn) -> Status {
    txn.AtEnd([&](SqlTransaction& end) { return Record(end, "step"); });
    MG_RETURN_IF_ERROR(Record(txn, "body"));
    return Status(ErrorCode::kConflict, "the body changed its mind");
  });
  EXPECT_EQ(written.code(), ErrorCode::kConflict);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM steps"), 0);
  // Nothing queued leaks into the next transaction on the same connection.
  ASSERT_TRUE(db_->Write([&](SqlTransaction& txn) { return Record(txn, "next"); }).ok());
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM steps"), 1);
}

TEST_P(SqlTransactionEndTest, AFailedStepUndoesItsBody) {
  Status written = db_->Write([&](SqlTransaction& txn) -> Status {
    txn.AtEnd([](SqlTransaction&) { return Status(ErrorCode::kConflict, "step refused"); });
    txn.AtEnd([&](SqlTransaction& end) { return Record(end, "after_the_failure"); });
    return Record(txn, "body");
  });
  EXPECT_EQ(written.code(), ErrorCode::kConflict);
  EXPECT_EQ(written.message(), "step refused");
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM steps"), 0);
  ASSERT_TRUE(db_->Write([&](SqlTransaction& txn) { return Record(txn, "next"); }).ok());
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM steps"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, SqlTransactionEndTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

}  // namespace
}  // namespace mg::store::testing
