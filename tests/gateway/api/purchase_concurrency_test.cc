// Many identical requests with one Idempotency-Key at once: one purchase,
// one provider charge; a duplicate that arrives while the first still runs
// is answered 409 idempotency_key_in_progress with Retry-After at once (no
// handler thread waits, no polling of the database), and its retry gets the
// first response byte for byte.
#include <chrono>
#include <latch>
#include <thread>
#include <vector>

#include "api_test_support.h"
#include "gateway/store/request_fingerprint.h"

namespace mg::api::testing {
namespace {

class PurchaseConcurrencyTest : public ApiTest {};

TEST_F(PurchaseConcurrencyTest, ThirtyTwoRetriesMakeOnePurchaseAndOneCharge) {
  constexpr int kThreads = 32;
  const std::string body = PurchaseBody("coins_350");
  std::vector<TestResponse> responses(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  int in_progress = 0;
  std::mutex mu;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      // A client as the API asks: on 409 in progress, wait Retry-After and retry.
      for (int tries = 0; tries < 100; ++tries) {
        responses[i] = Post("/v1/purchases", body, "key-concurrent");
        if (responses[i].Text("error.code") != "idempotency_key_in_progress") break;
        EXPECT_EQ(responses[i].status, 409);
        EXPECT_EQ(responses[i].retry_after, "1");
        {
          std::lock_guard lock(mu);
          ++in_progress;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));  // Retry-After, shortened
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(CountReplaysOfOneAnswer(responses, 201), kThreads - 1);
  EXPECT_EQ(responses[0].Text("state"), "succeeded");
  EXPECT_EQ(CountRows("purchases"), 1);
  EXPECT_EQ(CountRows("provider_attempts"), 1);
  EXPECT_EQ(CountRows("spends"), 1);
  EXPECT_EQ(CountRows("outbox_events"), 1);
  EXPECT_EQ(sandbox().authorizations(), 1);
}

// Issue 15: a duplicate used to wait on a handler thread, writing to the
// database every 20 ms for up to 10 s.
TEST_F(PurchaseConcurrencyTest, DuplicatesOfARequestStillRunningAreAnsweredAtOnce) {
  const std::string body = PurchaseBody("coins_350");
  // A first request holds the key (its process is still working on it).
  Result<std::string> fingerprint = store::RequestFingerprint("POST", "/v1/purchases", body);
  ASSERT_TRUE(fingerprint.ok());
  ASSERT_TRUE(store_
                  ->BeginIdempotent("purchases", "key-held", *fingerprint,
                                    clock_.Now().time_since_epoch() / std::chrono::milliseconds(1))
                  .ok());
  const std::map<std::string, int64_t> before = CountAll();

  constexpr int kThreads = 200;
  std::vector<TestResponse> responses(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  const auto began = std::chrono::steady_clock::now();
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      responses[i] = Post("/v1/purchases", body, "key-held");
    });
  }
  for (std::thread& thread : threads) thread.join();
  const auto took = std::chrono::steady_clock::now() - began;

  for (const TestResponse& response : responses) {
    EXPECT_EQ(response.status, 409) << response.body;
    EXPECT_EQ(response.Text("error.code"), "idempotency_key_in_progress");
    EXPECT_EQ(response.retry_after, "1");
  }
  // Well under the 10 s a waiting duplicate used to hold its thread.
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_EQ(CountAll(), before);  // nothing written, nothing charged
  EXPECT_EQ(sandbox().authorizations(), 0);
}

}  // namespace
}  // namespace mg::api::testing
