// Many identical requests with one Idempotency-Key at once: one purchase,
// one provider charge; a duplicate that arrives while the first still runs
// is answered 409 idempotency_key_in_progress with Retry-After at once (no
// handler thread waits, no polling of the database), and its retry gets the
// first response byte for byte.
#include <sqlite3.h>

#include <chrono>
#include <latch>
#include <thread>
#include <vector>

#include "api_test_support.h"
#include "gateway/store/request_fingerprint.h"

namespace mg::api::testing {
namespace {

class PurchaseConcurrencyTest : public ApiTest {
 protected:
  // Runs `sql` on the store's database through a connection of the test's own.
  void ExecSql(const std::string& sql) const {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int result = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(result, SQLITE_OK) << sql << ": " << (error != nullptr ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }
};

// A new key is claimed by the purchase's first write, in progress and
// linked to the purchase from the moment it exists (RunClaimingIdempotent):
// no durable write of its own takes the key before the purchase is priced.
// A trigger records, as each key row is inserted, whether its purchase is
// already there.
TEST_F(PurchaseConcurrencyTest, ANewKeyIsWrittenWithItsPurchaseNotBeforeIt) {
  ExecSql(
      "CREATE TABLE key_inserts (idem_key TEXT, state TEXT, purchases INTEGER);"
      "CREATE TRIGGER key_inserted AFTER INSERT ON idempotency_keys BEGIN "
      "INSERT INTO key_inserts VALUES (NEW.idem_key, NEW.state, "
      "(SELECT COUNT(*) FROM purchases WHERE id = NEW.resource_id)); END");
  TestResponse created = Post("/v1/purchases", PurchaseBody("coins_350"), "key-claimed");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(CountRows("key_inserts"), 1);
  EXPECT_EQ(CountRows("key_inserts WHERE idem_key = 'key-claimed' AND state = 'in_progress' "
                      "AND purchases = 1"),
            1);
  // The purchase's last write completed the key it claimed: a retry replays.
  EXPECT_EQ(CountRows("idempotency_keys WHERE idem_key = 'key-claimed' AND state = 'completed' "
                      "AND resource_id = '" +
                      created.Text("id") + "'"),
            1);
  TestResponse retry = Post("/v1/purchases", PurchaseBody("coins_350"), "key-claimed");
  EXPECT_EQ(retry.body, created.body);
  EXPECT_EQ(retry.replayed, "true");
  EXPECT_EQ(sandbox().authorizations(), 1);

  // A compliance refusal writes no purchase: its key is claimed completed,
  // with the refusal to replay, on its own.
  std::string minor = PurchaseBody();
  minor.replace(minor.find("\"age\": 30"), 9, "\"age\": 16");
  TestResponse refused = Post("/v1/purchases", minor, "key-refused");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(CountRows("key_inserts WHERE idem_key = 'key-refused' AND state = 'completed' "
                      "AND purchases = 0"),
            1);
  EXPECT_EQ(Post("/v1/purchases", minor, "key-refused").body, refused.body);
  EXPECT_EQ(CountRows("purchases"), 1);
}

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
