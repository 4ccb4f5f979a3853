// 32 identical requests with one Idempotency-Key at once: one purchase, one
// provider charge, 32 byte-identical bodies.
#include <latch>
#include <thread>
#include <vector>

#include "api_test_support.h"

namespace mg::api::testing {
namespace {

class PurchaseConcurrencyTest : public ApiTest {};

TEST_F(PurchaseConcurrencyTest, ThirtyTwoRetriesMakeOnePurchaseAndOneCharge) {
  constexpr int kThreads = 32;
  const std::string body = PurchaseBody("coins_350");
  std::vector<TestResponse> responses(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      responses[i] = Post("/v1/purchases", body, "key-concurrent");
    });
  }
  for (std::thread& thread : threads) thread.join();

  int replayed = 0;
  for (const TestResponse& response : responses) {
    EXPECT_EQ(response.status, 201) << response.body;
    EXPECT_EQ(response.body, responses[0].body);
    if (response.replayed == "true") ++replayed;
  }
  EXPECT_EQ(replayed, kThreads - 1);
  EXPECT_EQ(responses[0].Text("state"), "succeeded");
  EXPECT_EQ(CountRows("purchases"), 1);
  EXPECT_EQ(CountRows("provider_attempts"), 1);
  EXPECT_EQ(CountRows("spends"), 1);
  EXPECT_EQ(CountRows("outbox_events"), 1);
  EXPECT_EQ(sandbox().authorizations(), 1);
}

}  // namespace
}  // namespace mg::api::testing
