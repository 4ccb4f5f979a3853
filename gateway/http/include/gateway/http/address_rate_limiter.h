// Rate limits per client address for requests that present no valid API key:
// the open routes (health probes, provider webhooks) and failed
// authentication attempts, which would otherwise be limited by nothing. A
// request over the limit gets 429 rate_limited + Retry-After. Configured under
// `rate_limits.per_address` (docs/config.md).
//
// IPv4 addresses are limited one by one; IPv6 ones by /64, the block a single
// subscriber usually holds. At most `max_tracked` addresses are remembered;
// when they are all active, a new address is refused (Retry-After: 1) rather
// than letting the table grow without bound. Buckets that have refilled are
// forgotten first: they are indistinguishable from new ones.
#pragma once

#include <array>
#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "gateway/http/rate_limiter.h"

namespace mg::http {

// The key an address is limited by: "192.0.2.7", or "2001:db8:1:2::/64".
std::string AddressKey(const boost::asio::ip::address& address);

class AddressRateLimiter {
 public:
  // `limit` with rate_per_second or burst <= 0: no address is limited.
  explicit AddressRateLimiter(RateLimit limit, size_t max_tracked = 65536,
                              SteadyClock clock = std::chrono::steady_clock::now);

  // Takes one token from the bucket of `address_key` (see AddressKey).
  RateLimiter::Decision Admit(std::string_view address_key) const;

  // Addresses remembered now (for tests).
  size_t tracked() const;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable std::mutex mutex;
    // Address key -> the bucket's theoretical arrival time, in ns.
    mutable std::unordered_map<std::string, int64_t> arrivals;
  };
  void ForgetRefilled(const Shard& shard, int64_t now_ns) const;

  const int64_t interval_ns_;
  const int64_t tolerance_ns_;
  const size_t max_per_shard_;
  const bool enabled_;
  SteadyClock clock_;
  std::array<Shard, kShards> shards_;
};

}  // namespace mg::http
