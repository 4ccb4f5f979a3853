#include <atomic>

#include "gateway/store/open_store.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

constexpr UnixMillis kT0 = 1'700'000'000'000;
constexpr UnixMillis kLease = 60'000;          // StoreConfig default
constexpr UnixMillis kRetention = 86'400'000;  // StoreConfig default: 24 h
const std::string kFingerprint(64, 'a');
const std::string kOtherFingerprint(64, 'b');

MG_STORE_TEST_SUITE(IdempotencyTest);

TEST_P(IdempotencyTest, FirstRequestOwnsTheKeyAndRetriesReplayItsResponse) {
  Result<IdempotencyBegin> first = store_->BeginIdempotent("app", "key-1", kFingerprint, kT0);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->outcome, IdempotencyOutcome::kNew);
  EXPECT_FALSE(first->recovered);
  EXPECT_EQ(first->lease.scope, "app");
  EXPECT_EQ(first->lease.key, "key-1");
  ASSERT_FALSE(first->lease.owner.empty());

  const StoredResponse response{201, R"({"id":"pur_1","state":"succeeded"})"};
  ASSERT_TRUE(store_->CompleteIdempotent(first->lease, response, kT0 + 5).ok());

  Result<IdempotencyBegin> replay = store_->BeginIdempotent("app", "key-1", kFingerprint, kT0 + 9);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->outcome, IdempotencyOutcome::kReplay);
  EXPECT_EQ(replay->response, response);
  // Completing twice is refused: the first response stays.
  EXPECT_EQ(store_->CompleteIdempotent(first->lease, {500, "{}"}, kT0 + 10).code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(store_->BeginIdempotent("app", "key-1", kFingerprint, kT0 + 11)->response, response);
}

TEST_P(IdempotencyTest, SameKeyWithAnotherRequestIsAConflict) {
  Result<IdempotencyBegin> first = store_->BeginIdempotent("app", "key-1", kFingerprint, kT0);
  ASSERT_EQ(first->outcome, IdempotencyOutcome::kNew);
  EXPECT_EQ(store_->BeginIdempotent("app", "key-1", kOtherFingerprint, kT0 + 1)->outcome,
            IdempotencyOutcome::kConflict);
  ASSERT_TRUE(store_->CompleteIdempotent(first->lease, {200, "{}"}, kT0 + 2).ok());
  EXPECT_EQ(store_->BeginIdempotent("app", "key-1", kOtherFingerprint, kT0 + 3)->outcome,
            IdempotencyOutcome::kConflict);
}

TEST_P(IdempotencyTest, HeldKeyIsInProgressUntilTheLeaseEnds) {
  ASSERT_EQ(store_->BeginIdempotent("app", "key-1", kFingerprint, kT0)->outcome,
            IdempotencyOutcome::kNew);
  Result<IdempotencyBegin> busy =
      store_->BeginIdempotent("app", "key-1", kFingerprint, kT0 + kLease - 1);
  EXPECT_EQ(busy->outcome, IdempotencyOutcome::kInProgress);
  EXPECT_EQ(busy->locked_until_ms, kT0 + kLease);
}

TEST_P(IdempotencyTest, ExpiredLeaseIsTakenOverAndFencesTheOldHolder) {
  Result<IdempotencyBegin> crashed = store_->BeginIdempotent("app", "key-1", kFingerprint, kT0);
  Result<Purchase> created =
      store_->CreatePurchase(SamplePurchase(kT0), Effects::Holding(&crashed->lease));
  ASSERT_TRUE(created.ok()) << created.status().ToString();

  Result<IdempotencyBegin> resumed =
      store_->BeginIdempotent("app", "key-1", kFingerprint, kT0 + kLease);
  ASSERT_EQ(resumed->outcome, IdempotencyOutcome::kNew);
  EXPECT_TRUE(resumed->recovered);
  EXPECT_EQ(resumed->resource_id, created->id);
  EXPECT_NE(resumed->lease.owner, crashed->lease.owner);

  // The old holder wakes up: none of its writes land.
  Purchase late = SamplePurchase(kT0 + kLease + 1);
  EXPECT_EQ(store_->CreatePurchase(late, Effects::Holding(&crashed->lease)).status().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM purchases"), 1);
  EXPECT_EQ(store_->CompleteIdempotent(crashed->lease, {201, "late"}, kT0 + kLease + 2).code(),
            ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(store_->CompleteIdempotent(resumed->lease, {201, "resumed"}, kT0 + kLease + 3).ok());
  EXPECT_EQ(store_->BeginIdempotent("app", "key-1", kFingerprint, kT0 + kLease + 4)->response.body,
            "resumed");
}

TEST_P(IdempotencyTest, KeyIsFreeAgainAfterTheRetention) {
  Result<IdempotencyBegin> first = store_->BeginIdempotent("app", "key-1", kFingerprint, kT0);
  ASSERT_TRUE(store_->CompleteIdempotent(first->lease, {200, "first"}, kT0 + 1).ok());
  EXPECT_EQ(store_->BeginIdempotent("app", "key-1", kFingerprint, kT0 + kRetention - 1)->outcome,
            IdempotencyOutcome::kReplay);
  Result<IdempotencyBegin> again =
      store_->BeginIdempotent("app", "key-1", kOtherFingerprint, kT0 + kRetention);
  EXPECT_EQ(again->outcome, IdempotencyOutcome::kNew);
  EXPECT_FALSE(again->recovered);
}

TEST_P(IdempotencyTest, PurgeDeletesOnlyExpiredKeys) {
  store_->BeginIdempotent("app", "old", kFingerprint, kT0).value();
  Result<IdempotencyBegin> young = store_->BeginIdempotent("app", "young", kFingerprint, kT0 + 1);
  ASSERT_TRUE(store_->CompleteIdempotent(young->lease, {200, "young"}, kT0 + 2).ok());
  Result<RetentionPurge> purged = store_->PurgeExpired(kT0 + kRetention);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(purged->idempotency_keys, 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 1);
  EXPECT_EQ(store_->BeginIdempotent("app", "young", kFingerprint, kT0 + kRetention)->outcome,
            IdempotencyOutcome::kReplay);
}

TEST_P(IdempotencyTest, ReleasedKeyStartsAfreshAndScopesAreSeparate) {
  Result<IdempotencyBegin> rejected = store_->BeginIdempotent("app", "key-1", kFingerprint, kT0);
  ASSERT_TRUE(store_->ReleaseIdempotent(rejected->lease).ok());
  EXPECT_EQ(store_->BeginIdempotent("app", "key-1", kOtherFingerprint, kT0 + 1)->outcome,
            IdempotencyOutcome::kNew);
  EXPECT_EQ(store_->BeginIdempotent("ads", "key-1", kFingerprint, kT0 + 2)->outcome,
            IdempotencyOutcome::kNew);
  // Releasing a key one no longer holds changes nothing.
  EXPECT_TRUE(store_->ReleaseIdempotent(rejected->lease).ok());
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 2);
}

TEST_P(IdempotencyTest, RejectsMalformedKeys) {
  EXPECT_EQ(store_->BeginIdempotent("app", "", kFingerprint, kT0).status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      store_->BeginIdempotent("app", std::string(256, 'k'), kFingerprint, kT0).status().code(),
      ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store_->BeginIdempotent("app", std::string(255, 'k'), kFingerprint, kT0).ok());
}

// 32 requests with one key at once, spread over four Store instances as
// over four gateway processes: exactly one owns it.
TEST_P(IdempotencyTest, ThirtyTwoConcurrentRequestsYieldExactlyOneOwner) {
  std::vector<std::unique_ptr<Store>> stores;
  stores.push_back(std::move(store_));
  for (int i = 0; i < 3; ++i) stores.push_back(OpenAnother());
  for (int round = 0; round < 5; ++round) {
    const std::string key = "race-" + std::to_string(round);
    std::atomic<int> owners{0};
    std::atomic<int> in_progress{0};
    std::atomic<int> errors{0};
    RunConcurrently(32, [&](int i) {
      Result<IdempotencyBegin> begin =
          stores[i % stores.size()]->BeginIdempotent("app", key, kFingerprint, kT0 + round);
      if (!begin.ok()) {
        ++errors;
      } else if (begin->outcome == IdempotencyOutcome::kNew) {
        ++owners;
      } else if (begin->outcome == IdempotencyOutcome::kInProgress) {
        ++in_progress;
      }
    });
    EXPECT_EQ(owners.load(), 1) << key;
    EXPECT_EQ(in_progress.load(), 31) << key;
    EXPECT_EQ(errors.load(), 0) << key;
  }
  store_ = std::move(stores.front());
}

}  // namespace
}  // namespace mg::store::testing
