#include <mutex>
#include <set>

#include "gateway/store/open_store.h"
#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

constexpr UnixMillis kT0 = 1'700'000'000'000;
constexpr UnixMillis kClaimLease = 60'000;  // StoreConfig default

MG_STORE_TEST_SUITE(OutboxTest);

TEST_P(OutboxTest, ClaimsDueEventsOldestFirstAndHidesThemWhileClaimed) {
  const std::string first = store_->EnqueueEvent({"a", R"({"n":1})"}, kT0).value();
  const std::string second = store_->EnqueueEvent({"b", R"({"n":2})"}, kT0 + 1).value();
  const std::string later = store_->EnqueueEvent({"c", "{}"}, kT0 + 50).value();

  Result<std::vector<OutboxEvent>> claimed = store_->ClaimDueEvents(kT0 + 10, 10);
  ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ((*claimed)[0].id, first);
  EXPECT_EQ((*claimed)[0].type, "a");
  EXPECT_EQ((*claimed)[0].payload_json, R"({"n":1})");
  EXPECT_EQ((*claimed)[0].attempts, 0);
  EXPECT_EQ((*claimed)[0].next_attempt_at_ms, kT0 + 10 + kClaimLease);
  EXPECT_EQ((*claimed)[1].id, second);

  // Claimed events stay hidden; the later one is due now.
  claimed = store_->ClaimDueEvents(kT0 + 50, 10);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].id, later);

  ASSERT_TRUE(store_->MarkEventDelivered(first, kT0 + 60).ok());
  EXPECT_TRUE(store_->MarkEventDelivered(first, kT0 + 61).ok());  // idempotent
  // The claimer of `second` died: after the lease it is due again; the
  // delivered one never is.
  claimed = store_->ClaimDueEvents(kT0 + 10 + kClaimLease, 10);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].id, second);
}

TEST_P(OutboxTest, RescheduledEventWaitsForItsNextAttempt) {
  const std::string id = store_->EnqueueEvent({"a", "{}"}, kT0).value();
  ASSERT_EQ(store_->ClaimDueEvents(kT0, 10)->size(), 1u);
  ASSERT_TRUE(store_->RescheduleEvent(id, kT0 + 2000, 1, "HTTP 503").ok());
  EXPECT_TRUE(store_->ClaimDueEvents(kT0 + 1999, 10)->empty());
  Result<std::vector<OutboxEvent>> claimed = store_->ClaimDueEvents(kT0 + 2000, 10);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].attempts, 1);
  EXPECT_EQ((*claimed)[0].last_error, "HTTP 503");
  ASSERT_TRUE(store_->MarkEventDelivered(id, kT0 + 2001).ok());
  EXPECT_EQ(store_->RescheduleEvent(id, kT0 + 3000, 2, "").code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(store_->RescheduleEvent("evt_missing", kT0, 1, "").code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_->MarkEventDelivered("evt_missing", kT0).code(), ErrorCode::kNotFound);
}

// Eight deliverers over two Store instances drain 60 events: each event is
// claimed by exactly one of them.
TEST_P(OutboxTest, ConcurrentClaimersTakeDisjointEvents) {
  for (int i = 0; i < 60; ++i) {
    ASSERT_TRUE(store_->EnqueueEvent({"e", std::to_string(i)}, kT0 + i).ok());
  }
  std::unique_ptr<Store> other = OpenAnother();
  std::mutex mu;
  std::multiset<std::string> claimed_ids;
  RunConcurrently(8, [&](int i) {
    Store& store = i % 2 == 0 ? *store_ : *other;
    for (;;) {
      Result<std::vector<OutboxEvent>> claimed = store.ClaimDueEvents(kT0 + 100, 4);
      ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
      if (claimed->empty()) return;
      std::lock_guard<std::mutex> lock(mu);
      for (const OutboxEvent& event : *claimed) claimed_ids.insert(event.id);
    }
  });
  EXPECT_EQ(claimed_ids.size(), 60u);
  EXPECT_EQ(std::set<std::string>(claimed_ids.begin(), claimed_ids.end()).size(), 60u);
}

}  // namespace
}  // namespace mg::store::testing
