#include "gateway/http/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "base/crypto.h"
#include "fake_steady_clock.h"

namespace mg::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

using FakeClock = testing::FakeSteadyClock;

std::vector<ApiKey> Keys() {
  return {ApiKey{"buyer", Sha256("sk_buy"), {Scope::kPurchases}},
          ApiKey{"bulk", Sha256("sk_bulk"), {Scope::kRead}},
          ApiKey{"free", Sha256("sk_free"), {Scope::kRead}}};
}

int AdmittedNow(const RateLimiter& limiter, std::string_view key, int attempts) {
  int admitted = 0;
  for (int i = 0; i < attempts; ++i) admitted += limiter.Admit(key).allowed ? 1 : 0;
  return admitted;
}

TEST(RateLimitConfigTest, OverridesWinOverTheDefault) {
  RateLimitConfig config;
  config.default_limit = RateLimit{10, 20};
  config.per_key["bulk"] = RateLimit{1000, 50};
  EXPECT_EQ(config.For("buyer")->rate_per_second, 10);
  EXPECT_EQ(config.For("bulk")->burst, 50);
  config.default_limit.reset();
  EXPECT_FALSE(config.For("buyer").has_value());
}

TEST(RateLimiterTest, AFullBucketAdmitsTheBurstThenRefusesWithRetryAfter) {
  FakeClock clock;
  RateLimitConfig config;
  config.default_limit = RateLimit{2, 5};
  RateLimiter limiter(config, Keys(), clock.AsClock());
  EXPECT_EQ(AdmittedNow(limiter, "buyer", 5), 5);
  RateLimiter::Decision refused = limiter.Admit("buyer");
  EXPECT_FALSE(refused.allowed);
  // One token every 500 ms: rounded up to whole seconds.
  EXPECT_EQ(refused.retry_after_seconds, 1);
}

TEST(RateLimiterTest, RefillsAtTheConfiguredRate) {
  FakeClock clock;
  RateLimitConfig config;
  config.default_limit = RateLimit{10, 10};
  RateLimiter limiter(config, Keys(), clock.AsClock());
  EXPECT_EQ(AdmittedNow(limiter, "buyer", 20), 10);
  clock.Advance(milliseconds(350));  // 3.5 tokens' worth
  EXPECT_EQ(AdmittedNow(limiter, "buyer", 10), 3);
  clock.Advance(seconds(60));  // an idle bucket refills only up to the burst
  EXPECT_EQ(AdmittedNow(limiter, "buyer", 20), 10);
}

TEST(RateLimiterTest, RetryAfterRoundsUpToWholeSeconds) {
  FakeClock clock;
  RateLimitConfig config;
  config.default_limit = RateLimit{1, 1};
  config.per_key["bulk"] = RateLimit{1, 3};
  RateLimiter limiter(config, Keys(), clock.AsClock());
  ASSERT_TRUE(limiter.Admit("buyer").allowed);
  clock.Advance(milliseconds(100));
  RateLimiter::Decision refused = limiter.Admit("buyer");
  ASSERT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);  // 0.9 s
  clock.Advance(milliseconds(900));
  EXPECT_TRUE(limiter.Admit("buyer").allowed);
  // Refused requests take no token: the wait is one interval, not more.
  EXPECT_EQ(AdmittedNow(limiter, "bulk", 3), 3);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Admit("bulk").retry_after_seconds, 1);
}

TEST(RateLimiterTest, KeysHaveSeparateBucketsAndUnlimitedKeysPass) {
  FakeClock clock;
  RateLimitConfig config;
  config.per_key["buyer"] = RateLimit{1, 2};
  config.per_key["bulk"] = RateLimit{1, 4};
  RateLimiter limiter(config, Keys(), clock.AsClock());
  EXPECT_EQ(AdmittedNow(limiter, "buyer", 10), 2);
  EXPECT_EQ(AdmittedNow(limiter, "bulk", 10), 4);
  // No default: keys without an override, and unknown names, are not limited.
  EXPECT_EQ(AdmittedNow(limiter, "free", 1000), 1000);
  EXPECT_EQ(AdmittedNow(limiter, "nobody", 1000), 1000);
}

TEST(RateLimiterTest, ConcurrentCallersNeverExceedTheBurst) {
  FakeClock clock;  // frozen: no refill while the threads race
  RateLimitConfig config;
  config.default_limit = RateLimit{1, 1000};
  RateLimiter limiter(config, Keys(), clock.AsClock());
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] { admitted += AdmittedNow(limiter, "buyer", 500); });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), 1000);
}

}  // namespace
}  // namespace mg::http
