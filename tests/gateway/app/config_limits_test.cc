// The `limits:` and `rate_limits.per_address` sections of the gateway config
// (gateway/app/src/config_limits_reader.cc).
#include <gtest/gtest.h>

#include "config_test_support.h"
#include "gateway/app/config.h"

namespace mg::app {
namespace {

// The minimal config followed by `yaml`.
Result<GatewayConfig> Parse(const std::string& yaml) {
  return testing::ParseConfig(std::string(testing::kMinimalConfig) + yaml);
}

TEST(ConfigLimitsTest, TheDefaultsProtectASmallPod) {
  Result<GatewayConfig> config = Parse("");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const http::HttpLimits& limits = config->limits;
  EXPECT_EQ(limits.max_connections, 1024u);
  EXPECT_EQ(limits.max_connections_per_address, 64u);
  EXPECT_EQ(limits.max_buffered_body_bytes, 64u * 1024 * 1024);
  EXPECT_EQ(limits.header_timeout, std::chrono::seconds(10));
  EXPECT_EQ(limits.idle_timeout, std::chrono::seconds(30));
  // Headers of every connection plus the bodies' budget stay far below 512 MiB.
  EXPECT_LT(2 * limits.max_connections * limits.max_header_bytes + limits.max_buffered_body_bytes,
            128u * 1024 * 1024);
  EXPECT_EQ(config->rate_limits.per_address.rate_per_second, 100);
  EXPECT_EQ(config->rate_limits.per_address.burst, 200);
}

TEST(ConfigLimitsTest, EveryLimitIsConfigurable) {
  Result<GatewayConfig> config = Parse(R"(
limits:
  max_buffered_body_bytes: 8388608
  max_connections: 300
  max_connections_per_address: 300
  idle_timeout_ms: 5000
  header_timeout_ms: 2000
  request_timeout_ms: 6000
rate_limits:
  per_address: {rate_per_second: 5, burst: 10}
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->limits.max_buffered_body_bytes, 8388608u);
  EXPECT_EQ(config->limits.max_connections, 300u);
  EXPECT_EQ(config->limits.max_connections_per_address, 300u);
  EXPECT_EQ(config->limits.idle_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(config->limits.header_timeout, std::chrono::milliseconds(2000));
  EXPECT_EQ(config->limits.request_timeout, std::chrono::milliseconds(6000));
  EXPECT_EQ(config->rate_limits.per_address.rate_per_second, 5);
  EXPECT_EQ(config->rate_limits.per_address.burst, 10);
}

TEST(ConfigLimitsTest, LimitsThatCannotWorkTogetherAreErrorsWithPositions) {
  Result<GatewayConfig> config = Parse(R"(
limits:
  max_body_bytes: 2000000
  max_buffered_body_bytes: 1000000
  header_timeout_ms: 40000
  max_connections: 0
)");
  ASSERT_FALSE(config.ok());
  const std::string errors = config.status().message();
  EXPECT_NE(errors.find("limits.max_buffered_body_bytes: must be at least max_body_bytes"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("limits.header_timeout_ms: must not exceed request_timeout_ms"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("limits.max_connections: must be between 1"), std::string::npos) << errors;
  EXPECT_NE(errors.find("marketgate.yaml:8:"), std::string::npos) << errors;
}

}  // namespace
}  // namespace mg::app
