#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

constexpr UnixMillis kT0 = 1'700'000'000'000;

class AttemptTestBase : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (store_ == nullptr) return;
    Result<Purchase> created = store_->CreatePurchase(SamplePurchase(kT0), {});
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    purchase_id_ = created->id;
  }

  ProviderAttempt Attempt(AttemptOperation operation, UnixMillis started) const {
    ProviderAttempt attempt;
    attempt.purchase_id = purchase_id_;
    attempt.provider = "stripe";
    attempt.operation = operation;
    attempt.amount_minor = 1190;
    attempt.idempotency_key = "mg-" + std::string(Name(operation)) + "-" + std::to_string(started);
    attempt.started_at_ms = started;
    return attempt;
  }

  std::string purchase_id_;
};

class AttemptTest : public AttemptTestBase {};
INSTANTIATE_TEST_SUITE_P(Backends, AttemptTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

TEST_P(AttemptTest, RecordsAttemptsInOrderBeforeAndAfterEachCall) {
  Result<ProviderAttempt> authorize =
      store_->RecordAttemptStarted(Attempt(AttemptOperation::kAuthorize, kT0 + 1));
  ASSERT_TRUE(authorize.ok()) << authorize.status().ToString();
  EXPECT_EQ(authorize->seq, 1);
  EXPECT_EQ(authorize->state, AttemptState::kStarted);
  EXPECT_EQ(authorize->id.rfind("att_", 0), 0u);
  ASSERT_TRUE(
      store_->RecordAttemptFinished(authorize->id, {AttemptState::kSucceeded, "ch_1", "", kT0 + 2})
          .ok());
  Result<ProviderAttempt> capture =
      store_->RecordAttemptStarted(Attempt(AttemptOperation::kCapture, kT0 + 3));
  ASSERT_TRUE(capture.ok());
  EXPECT_EQ(capture->seq, 2);
  ASSERT_TRUE(store_
                  ->RecordAttemptFinished(capture->id,
                                          {AttemptState::kDeclined, "", "card_declined", kT0 + 4})
                  .ok());

  Result<std::vector<ProviderAttempt>> attempts = store_->ListAttempts(purchase_id_);
  ASSERT_TRUE(attempts.ok()) << attempts.status().ToString();
  ASSERT_EQ(attempts->size(), 2u);
  ProviderAttempt expected = *authorize;
  expected.state = AttemptState::kSucceeded;
  expected.provider_reference = "ch_1";
  expected.finished_at_ms = kT0 + 2;
  EXPECT_EQ((*attempts)[0], expected);
  EXPECT_EQ((*attempts)[1].operation, AttemptOperation::kCapture);
  EXPECT_EQ((*attempts)[1].state, AttemptState::kDeclined);
  EXPECT_EQ((*attempts)[1].provider_code, "card_declined");
}

TEST_P(AttemptTest, SequenceNumbersAreUniquePerPurchase) {
  ProviderAttempt attempt = Attempt(AttemptOperation::kAuthorize, kT0);
  attempt.seq = 1;
  ASSERT_TRUE(store_->RecordAttemptStarted(attempt).ok());
  EXPECT_EQ(store_->RecordAttemptStarted(attempt).status().code(), ErrorCode::kConflict);
  attempt.purchase_id = "pur_missing";
  EXPECT_EQ(store_->RecordAttemptStarted(attempt).status().code(), ErrorCode::kNotFound);
}

TEST_P(AttemptTest, AnAnswerIsRecordedOnceUnlessTheAttemptWasAmbiguous) {
  Result<ProviderAttempt> attempt =
      store_->RecordAttemptStarted(Attempt(AttemptOperation::kAuthorize, kT0));
  ASSERT_TRUE(
      store_->RecordAttemptFinished(attempt->id, {AttemptState::kAmbiguous, "", "", kT0 + 1}).ok());
  // Reconciliation resolves it later.
  ASSERT_TRUE(
      store_->RecordAttemptFinished(attempt->id, {AttemptState::kSucceeded, "ch_9", "", kT0 + 2})
          .ok());
  EXPECT_EQ(
      store_->RecordAttemptFinished(attempt->id, {AttemptState::kDeclined, "", "", kT0 + 3}).code(),
      ErrorCode::kFailedPrecondition);
  EXPECT_EQ(
      store_->RecordAttemptFinished(attempt->id, {AttemptState::kStarted, "", "", kT0}).code(),
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      store_->RecordAttemptFinished("att_missing", {AttemptState::kSucceeded, "", "", kT0}).code(),
      ErrorCode::kNotFound);
}

// Every open attempt is due by then.
constexpr UnixMillis kNoLater = INT64_MAX;

TEST_P(AttemptTest, ListsOpenAttemptsOldestFirst) {
  const auto start = [&](UnixMillis at) {
    return store_->RecordAttemptStarted(Attempt(AttemptOperation::kAuthorize, at)).value();
  };
  const ProviderAttempt old_started = start(kT0 + 10);
  const ProviderAttempt ambiguous = start(kT0 + 5);
  const ProviderAttempt finished = start(kT0 + 1);
  const ProviderAttempt running = start(kT0 + 100);  // still in flight in a live process
  ASSERT_TRUE(
      store_->RecordAttemptFinished(ambiguous.id, {AttemptState::kAmbiguous, "", "", kT0 + 6})
          .ok());
  ASSERT_TRUE(
      store_->RecordAttemptFinished(finished.id, {AttemptState::kSucceeded, "", "", kT0 + 2}).ok());

  Result<std::vector<ProviderAttempt>> open = store_->ListOpenAttempts(kT0 + 10, kNoLater, 10);
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[0].id, ambiguous.id);
  EXPECT_EQ((*open)[1].id, old_started.id);
  EXPECT_EQ(store_->ListOpenAttempts(kT0 + 10, kNoLater, 1)->size(), 1u);
  EXPECT_EQ(store_->ListOpenAttempts(kT0 + 100, kNoLater, 10)->back().id, running.id);
  EXPECT_EQ(store_->ListOpenAttempts(kT0, kNoLater, 0).status().code(),
            ErrorCode::kInvalidArgument);
}

// An attempt that stays open is looked at again later, never blocking the
// others; one escalated for a person is listed until it settles.
TEST_P(AttemptTest, ScheduledChecksMoveAnAttemptBackAndEscalationIsKept) {
  const ProviderAttempt first =
      store_->RecordAttemptStarted(Attempt(AttemptOperation::kAuthorize, kT0)).value();
  const ProviderAttempt second =
      store_->RecordAttemptStarted(Attempt(AttemptOperation::kRefund, kT0 + 1)).value();
  ASSERT_TRUE(
      store_->RecordAttemptFinished(second.id, {AttemptState::kPending, "re_1", "", kT0 + 2}).ok());
  // Both open; pending attempts are open too.
  ASSERT_EQ(store_->ListOpenAttempts(kT0 + 10, kT0 + 10, 10)->size(), 2u);

  ASSERT_TRUE(
      store_->ScheduleAttemptCheck(first.id, {kT0 + 1000, "pending at sandbox", kT0 + 20}).ok());
  Result<std::vector<ProviderAttempt>> due = store_->ListOpenAttempts(kT0 + 10, kT0 + 30, 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].id, second.id);  // the first waits for its next look

  due = store_->ListOpenAttempts(kT0 + 10, kT0 + 1000, 10);
  ASSERT_EQ(due->size(), 2u);
  const ProviderAttempt& looked = (*due)[0].id == first.id ? (*due)[0] : (*due)[1];
  EXPECT_EQ(looked.checks, 1);
  EXPECT_EQ(looked.last_check, "pending at sandbox");
  EXPECT_EQ(looked.needs_attention_since_ms, kT0 + 20);

  // A later look keeps the first escalation time.
  ASSERT_TRUE(
      store_->ScheduleAttemptCheck(first.id, {kT0 + 5000, "still pending", kT0 + 900}).ok());
  Result<std::vector<ProviderAttempt>> attention = store_->ListAttemptsNeedingAttention(10);
  ASSERT_TRUE(attention.ok());
  ASSERT_EQ(attention->size(), 1u);
  EXPECT_EQ((*attention)[0].needs_attention_since_ms, kT0 + 20);
  EXPECT_EQ((*attention)[0].checks, 2);

  // Settled, it is neither open nor needing attention, and cannot be rescheduled.
  ASSERT_TRUE(
      store_->RecordAttemptFinished(first.id, {AttemptState::kSucceeded, "ch_1", "", kT0 + 6000})
          .ok());
  EXPECT_TRUE(store_->ListAttemptsNeedingAttention(10)->empty());
  EXPECT_EQ(store_->ScheduleAttemptCheck(first.id, {kT0 + 7000, "", std::nullopt}).code(),
            ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace mg::store::testing
