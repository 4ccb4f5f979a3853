#include "gateway/http/address_rate_limiter.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>

#include "fake_steady_clock.h"

namespace mg::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

using FakeClock = testing::FakeSteadyClock;

std::string KeyOf(const char* text) { return AddressKey(boost::asio::ip::make_address(text)); }

TEST(AddressKeyTest, IPv4ByAddressIPv6ByItsSlash64) {
  EXPECT_EQ(KeyOf("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(KeyOf("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(KeyOf("2001:db8:1:2::1"), KeyOf("2001:db8:1:2:ffff::9"));
  EXPECT_NE(KeyOf("2001:db8:1:2::1"), KeyOf("2001:db8:1:3::1"));
  // An IPv4 client on a dual-stack socket is the IPv4 address.
  EXPECT_EQ(KeyOf("::ffff:192.0.2.7"), "192.0.2.7");
}

TEST(AddressRateLimiterTest, EachAddressHasItsOwnBucket) {
  FakeClock clock;
  AddressRateLimiter limiter(RateLimit{1, 2}, 1000, clock.AsClock());
  EXPECT_TRUE(limiter.Admit("192.0.2.1").allowed);
  EXPECT_TRUE(limiter.Admit("192.0.2.1").allowed);
  RateLimiter::Decision refused = limiter.Admit("192.0.2.1");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  EXPECT_TRUE(limiter.Admit("192.0.2.2").allowed);
  clock.Advance(seconds(1));
  EXPECT_TRUE(limiter.Admit("192.0.2.1").allowed);
}

TEST(AddressRateLimiterTest, TheTableIsBoundedAndForgetsRefilledBucketsFirst) {
  FakeClock clock;
  // 16 shards of 1 address each.
  AddressRateLimiter limiter(RateLimit{1, 1}, 16, clock.AsClock());
  int admitted = 0;
  for (int i = 0; i < 200; ++i) {
    admitted += limiter.Admit("10.0.0." + std::to_string(i)).allowed ? 1 : 0;
  }
  EXPECT_LE(limiter.tracked(), 16u);
  // Addresses whose shard is full of active buckets are refused, not tracked.
  EXPECT_LE(admitted, 16);
  EXPECT_GE(admitted, 1);
  // Once the buckets have refilled they are forgotten and new addresses fit.
  clock.Advance(seconds(2));
  int later = 0;
  for (int i = 200; i < 400; ++i) later += limiter.Admit("10.0.1." + std::to_string(i)).allowed;
  EXPECT_GE(later, 1);
  EXPECT_LE(limiter.tracked(), 16u);
}

TEST(AddressRateLimiterTest, AZeroRateLimitsNothing) {
  AddressRateLimiter limiter(RateLimit{0, 0});
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Admit("192.0.2.1").allowed);
  EXPECT_EQ(limiter.tracked(), 0u);
}

}  // namespace
}  // namespace mg::http
