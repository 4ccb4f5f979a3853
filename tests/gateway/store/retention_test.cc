// Store::PurgeExpired: each kind of row goes once past its own window, in
// bounded batches; nothing younger and nothing pending goes.
#include "gateway/store/open_store.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

using std::chrono::hours;

constexpr UnixMillis kT0 = 1'700'000'000'000;
constexpr UnixMillis kHour = 3'600'000;
constexpr UnixMillis kDay = 24 * kHour;
constexpr const char* kFingerprint = "fp-1";

MG_STORE_TEST_SUITE(RetentionTest);

TEST_P(RetentionTest, TheDefaultWindowsAre24Hours30DaysAnd90Days) {
  StoreConfig defaults;
  EXPECT_EQ(defaults.idempotency_retention, hours(24));
  EXPECT_EQ(defaults.webhook_event_retention, hours(24 * 30));
  EXPECT_EQ(defaults.delivered_event_retention, hours(24 * 90));
}

TEST_P(RetentionTest, AWebhookEventIdOutlivesAnIdempotencyKeyOfTheSameAge) {
  store_->BeginIdempotent("app", "key", kFingerprint, kT0).value();
  Result<IdempotencyBegin> event =
      store_->BeginIdempotent("webhook:stripe", "evt_1", kFingerprint, kT0);
  ASSERT_TRUE(store_->CompleteIdempotent(event->lease, {200, "ok"}, kT0 + 1).ok());

  Result<RetentionPurge> purged = store_->PurgeExpired(kT0 + 25 * kHour);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(purged->idempotency_keys, 1);
  EXPECT_EQ(purged->webhook_events, 0);
  // Two days later the provider redelivers: still recognised, not applied again.
  EXPECT_EQ(
      store_->BeginIdempotent("webhook:stripe", "evt_1", kFingerprint, kT0 + 2 * kDay)->outcome,
      IdempotencyOutcome::kReplay);

  purged = store_->PurgeExpired(kT0 + 30 * kDay);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(purged->webhook_events, 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 0);
}

TEST_P(RetentionTest, DeliveredEventsGoAfterTheirWindowPendingOnesNever) {
  const std::string delivered = store_->EnqueueEvent({"purchase.succeeded", "{}"}, kT0).value();
  const std::string pending = store_->EnqueueEvent({"purchase.succeeded", "{}"}, kT0).value();
  const std::string recent = store_->EnqueueEvent({"purchase.succeeded", "{}"}, kT0).value();
  ASSERT_EQ(store_->ClaimDueEvents(kT0, 10)->size(), 3u);
  ASSERT_TRUE(store_->MarkEventDelivered(delivered, kT0 + 1).ok());
  ASSERT_TRUE(store_->MarkEventDelivered(recent, kT0 + 2 * kDay).ok());

  Result<RetentionPurge> purged = store_->PurgeExpired(kT0 + 1 + 90 * kDay);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(purged->delivered_events, 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events WHERE id = '" + delivered + "'"), 0);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events WHERE id = '" + pending + "'"), 1);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM outbox_events WHERE id = '" + recent + "'"), 1);
}

TEST_P(RetentionTest, ManyExpiredRowsArePurgedInBatchesUntilNoneIsLeft) {
  for (int i = 0; i < 7; ++i) {
    store_->BeginIdempotent("app", "key-" + std::to_string(i), kFingerprint, kT0).value();
  }
  store_->BeginIdempotent("app", "young", kFingerprint, kT0 + 2 * kDay).value();
  Result<RetentionPurge> purged = store_->PurgeExpired(kT0 + 2 * kDay, /*batch=*/3);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(purged->idempotency_keys, 7);
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM idempotency_keys"), 1);
  EXPECT_FALSE(store_->PurgeExpired(kT0, 0).ok());
}

}  // namespace
}  // namespace mg::store::testing
