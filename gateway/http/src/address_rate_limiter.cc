#include "gateway/http/address_rate_limiter.h"

#include <functional>

#include "gcra.h"

namespace mg::http {

std::string AddressKey(const boost::asio::ip::address& address) {
  if (address.is_v6()) {
    boost::asio::ip::address_v6 v6 = address.to_v6();
    if (v6.is_v4_mapped())
      return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
    boost::asio::ip::address_v6::bytes_type bytes = v6.to_bytes();
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    return boost::asio::ip::address_v6(bytes).to_string() + "/64";
  }
  return address.to_string();
}

AddressRateLimiter::AddressRateLimiter(RateLimit limit, size_t max_tracked, SteadyClock clock)
    : interval_ns_(limit.rate_per_second > 0 ? GcraInterval(limit.rate_per_second) : 1),
      tolerance_ns_(interval_ns_ * std::max<int64_t>(1, limit.burst)),
      max_per_shard_(std::max<size_t>(1, max_tracked / kShards)),
      enabled_(limit.rate_per_second > 0 && limit.burst > 0),
      clock_(std::move(clock)) {}

RateLimiter::Decision AddressRateLimiter::Admit(std::string_view address_key) const {
  if (!enabled_) return {};
  const int64_t now =
      std::chrono::duration_cast<std::chrono::nanoseconds>(clock_().time_since_epoch()).count();
  const Shard& shard = shards_[std::hash<std::string_view>{}(address_key) % kShards];
  std::lock_guard lock(shard.mutex);
  auto it = shard.arrivals.find(std::string(address_key));
  if (it == shard.arrivals.end()) {
    if (shard.arrivals.size() >= max_per_shard_) ForgetRefilled(shard, now);
    if (shard.arrivals.size() >= max_per_shard_) return {false, 1};
    it = shard.arrivals.emplace(std::string(address_key), INT64_MIN).first;
  }
  GcraStep step = GcraTake(it->second, now, interval_ns_, tolerance_ns_);
  if (!step.allowed) return {false, step.retry_after_seconds};
  it->second = step.next_arrival_ns;
  return {};
}

void AddressRateLimiter::ForgetRefilled(const Shard& shard, int64_t now_ns) const {
  std::erase_if(shard.arrivals, [now_ns](const auto& entry) { return entry.second <= now_ns; });
}

size_t AddressRateLimiter::tracked() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.arrivals.size();
  }
  return total;
}

}  // namespace mg::http
