// The retention purge task: idempotency keys older than the 24 h retention
// are deleted; younger ones stay and still replay (each window is tested in
// tests/gateway/store/retention_test.cc).
#include "gateway/api/retention_purge.h"

#include <thread>

#include "api_test_support.h"

namespace mg::api::testing {
namespace {

using namespace std::chrono_literals;

class RetentionPurgeTest : public ApiTest {};

TEST_F(RetentionPurgeTest, DeletesOnlyKeysPastTheRetention) {
  ASSERT_EQ(Post("/v1/purchases", PurchaseBody(), "old-key").status, 201);
  clock_.Advance(23h);
  ASSERT_EQ(Post("/v1/purchases", PurchaseBody("coins_350"), "young-key").status, 201);
  clock_.Advance(2h);  // old-key is 25 h old, young-key 2 h
  ASSERT_EQ(CountRows("idempotency_keys"), 2);

  {
    auto purge = StartRetentionPurge(*store_, clock_, 5ms);
    for (int i = 0; i < 400 && CountRows("idempotency_keys") != 1; ++i) {
      std::this_thread::sleep_for(5ms);
    }
  }
  EXPECT_EQ(CountRows("idempotency_keys"), 1);
  EXPECT_EQ(Post("/v1/purchases", PurchaseBody("coins_350"), "young-key").replayed, "true");
  EXPECT_EQ(CountRows("purchases"), 2);  // records stay; only the keys go
}

}  // namespace
}  // namespace mg::api::testing
