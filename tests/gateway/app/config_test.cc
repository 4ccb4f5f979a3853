#include "gateway/app/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "base/crypto.h"
#include "config_test_support.h"
#include "gateway/app/application.h"

namespace mg::app {
namespace {

constexpr const char* kMinimal = testing::kMinimalConfig;
using testing::ParseConfig;

Result<GatewayConfig> Parse(const std::string& yaml) { return ParseConfig(yaml); }

std::string ErrorOf(const std::string& yaml) {
  Result<GatewayConfig> config = Parse(yaml);
  EXPECT_FALSE(config.ok()) << yaml;
  return config.ok() ? "" : config.status().message();
}

TEST(ListenAddressTest, ParsesIpv4AndBracketedIpv6) {
  auto v4 = ParseListenAddress("0.0.0.0:8080");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "0.0.0.0");
  EXPECT_EQ(v4->port, 8080);
  auto v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->ToString(), "[::1]:0");
  for (const char* bad : {"8080", "localhost:8080", "::1:80", "1.2.3.4:", "1.2.3.4:70000",
                          "1.2.3.4:-1", "1.2.3.4:http"}) {
    EXPECT_FALSE(ParseListenAddress(bad).ok()) << bad;
  }
}

TEST(GatewayConfigTest, MinimalConfigGetsDefaults) {
  Result<GatewayConfig> config = Parse(kMinimal);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->listen.ToString(), "127.0.0.1:8080");
  ASSERT_TRUE(config->admin_listen.has_value());
  EXPECT_EQ(config->admin_listen->ToString(), "127.0.0.1:8081");
  // Relative to the config file's directory.
  EXPECT_EQ(config->regions_dir, "/etc/regions");
  EXPECT_EQ(config->store.driver, StoreDriver::kSqlite);
  EXPECT_EQ(config->store.path, "/tmp/mg.db");
  EXPECT_TRUE(config->api_keys.empty());
  EXPECT_FALSE(config->tls.has_value());
  EXPECT_EQ(config->limits.max_body_bytes, http::HttpLimits{}.max_body_bytes);
  EXPECT_EQ(config->log_level, LogLevel::kInfo);
  EXPECT_GE(config->EffectiveIoThreads(), 1);
  EXPECT_EQ(config->EffectiveWorkerThreads(), 32 * config->EffectiveIoThreads());
}

TEST(GatewayConfigTest, FullConfig) {
  setenv("MG_CONFIG_TEST_SECRET", "sk_from_env", 1);
  Result<GatewayConfig> config = Parse(R"(
listen: 0.0.0.0:443
admin_listen: 127.0.0.1:9090
threads: 2
worker_threads: 16
regions_dir: /srv/regions
store:
  driver: postgres
  dsn: host=db password=hunter2
api_keys:
  - name: storefront
    sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    scopes: [read, purchases, ads]
  - name: ops
    sha256: 2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824
    scopes: [admin]
providers:
  stripe:
    base_url: https://api.stripe.com
    secret: sk_test_abc
    secrets: {webhook_secret: whsec_1}
  adyen_eu:
    kind: adyen
    base_url: https://checkout-test.adyen.com
    secret_env: MG_CONFIG_TEST_SECRET
    settings: {merchant_account: MarketgateEU}
tls: {cert: certs/server.pem, key: certs/server.key}
admin_tls: {cert: /etc/tls/admin.pem, key: /etc/tls/admin.key}
limits:
  max_header_bytes: 8192
  max_body_bytes: 65536
  request_timeout_ms: 5000
  max_pipelined: 4
  shutdown_drain_ms: 2000
log_level: warning
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->listen.port, 443);
  EXPECT_EQ(config->admin_listen->port, 9090);
  EXPECT_EQ(config->EffectiveIoThreads(), 2);
  EXPECT_EQ(config->EffectiveWorkerThreads(), 16);
  EXPECT_EQ(config->store.driver, StoreDriver::kPostgres);
  EXPECT_EQ(config->store.dsn.reveal(), "host=db password=hunter2");
  ASSERT_EQ(config->api_keys.size(), 2u);
  EXPECT_EQ(config->api_keys[0].name, "storefront");
  EXPECT_EQ(config->api_keys[0].sha256, mg::Sha256("abc"));
  EXPECT_TRUE(config->api_keys[0].scopes.Has(http::Scope::kPurchases));
  EXPECT_FALSE(config->api_keys[0].scopes.Has(http::Scope::kAdmin));
  EXPECT_EQ(config->api_keys[1].sha256, mg::Sha256("hello"));
  EXPECT_EQ(config->providers.at("stripe").kind, "stripe");
  EXPECT_EQ(config->providers.at("stripe").secret.reveal(), "sk_test_abc");
  EXPECT_EQ(config->providers.at("stripe").secrets.at("webhook_secret").reveal(), "whsec_1");
  EXPECT_EQ(config->providers.at("adyen_eu").kind, "adyen");
  EXPECT_EQ(config->providers.at("adyen_eu").secret.reveal(), "sk_from_env");
  EXPECT_EQ(config->providers.at("adyen_eu").settings.at("merchant_account"), "MarketgateEU");
  EXPECT_EQ(config->tls->cert, "/etc/mg/certs/server.pem");
  EXPECT_EQ(config->admin_tls->key, "/etc/tls/admin.key");
  EXPECT_EQ(config->limits.max_header_bytes, 8192u);
  EXPECT_EQ(config->limits.max_body_bytes, 65536u);
  EXPECT_EQ(config->limits.request_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(config->limits.max_pipelined, 4u);
  EXPECT_EQ(config->limits.shutdown_drain, std::chrono::milliseconds(2000));
  EXPECT_EQ(config->log_level, LogLevel::kWarning);
}

TEST(GatewayConfigTest, RateLimitsHaveADefaultAndPerKeyOverrides) {
  Result<GatewayConfig> unlimited = Parse(kMinimal);
  ASSERT_TRUE(unlimited.ok());
  EXPECT_FALSE(unlimited->rate_limits.default_limit.has_value());
  EXPECT_TRUE(unlimited->rate_limits.per_key.empty());

  Result<GatewayConfig> config = Parse(std::string(kMinimal) + R"(
api_keys:
  - {name: shop, sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad, scopes: [read]}
rate_limits:
  default: {rate_per_second: 50, burst: 100}
  per_key:
    shop: {rate_per_second: 500, burst: 1000}
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_TRUE(config->rate_limits.default_limit.has_value());
  EXPECT_EQ(config->rate_limits.default_limit->rate_per_second, 50);
  EXPECT_EQ(config->rate_limits.default_limit->burst, 100);
  EXPECT_EQ(config->rate_limits.For("shop")->rate_per_second, 500);
  EXPECT_EQ(config->rate_limits.For("shop")->burst, 1000);
  EXPECT_EQ(ConfigSummaryJson(*config).at("rate_limits").at("per_key").at("shop").at("burst"),
            1000);
}

TEST(GatewayConfigTest, BadRateLimitsAreErrors) {
  std::string errors = ErrorOf(std::string(kMinimal) + R"(
rate_limits:
  default: {rate_per_second: 0, burst: 10}
  per_key:
    ghost: {rate_per_second: 5}
)");
  EXPECT_NE(errors.find("rate_limits.default.rate_per_second: must be between 1"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("no API key is named 'ghost'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("burst"), std::string::npos) << errors;
  EXPECT_NE(ErrorOf(std::string(kMinimal) + "rate_limits: {default: {rate_per_second: 1, burst: "
                                            "1, brust: 2}}\n")
                .find("unknown field 'brust'"),
            std::string::npos);
}

TEST(GatewayConfigTest, AdminRoutesCanShareThePublicListener) {
  Result<GatewayConfig> config = Parse(std::string(kMinimal) + "admin_listen: public\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_FALSE(config->admin_listen.has_value());
}

TEST(GatewayConfigTest, UnknownFieldsAreErrorsWithPosition) {
  std::string error = ErrorOf(std::string(kMinimal) + "limits:\n  max_body_byte: 10\n");
  EXPECT_NE(error.find(
                "/etc/mg/marketgate.yaml:6:3: limits.max_body_byte: unknown field 'max_body_byte'"),
            std::string::npos)
      << error;
}

TEST(GatewayConfigTest, EveryErrorIsReported) {
  std::string error = ErrorOf(R"(
listen: localhost
threads: -1
store: {driver: mysql}
api_keys:
  - {name: a, sha256: nothex, scopes: [root]}
log_level: loud
)");
  for (const char* expected : {"listen:", "threads: must be between",
                               "store.driver:", "api_keys[0].sha256:", "unknown scope 'root'",
                               "log_level:", "required field 'regions_dir' is missing"}) {
    EXPECT_NE(error.find(expected), std::string::npos) << expected << "\n" << error;
  }
}

TEST(GatewayConfigTest, StoreDriverNeedsItsField) {
  EXPECT_NE(ErrorOf("listen: 127.0.0.1:1\nregions_dir: r\nstore: {driver: postgres}\n")
                .find("needs 'dsn'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("listen: 127.0.0.1:1\nregions_dir: r\nstore: {driver: sqlite, path: a, dsn: "
                    "b}\n")
                .find("only the postgres driver takes 'dsn'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("listen: 127.0.0.1:1\nregions_dir: r\n").find("'store'"), std::string::npos);
}

TEST(GatewayConfigTest, DuplicateKeysAreErrors) {
  std::string keys = R"(api_keys:
  - {name: a, sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad, scopes: [read]}
  - {name: a, sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad, scopes: [read]}
)";
  std::string error = ErrorOf(std::string(kMinimal) + keys);
  EXPECT_NE(error.find("duplicate key name 'a'"), std::string::npos) << error;
  EXPECT_NE(error.find("same key hash as 'a'"), std::string::npos) << error;
}

TEST(GatewayConfigTest, SecretsNeverAppearInErrors) {
  std::string error = ErrorOf(std::string(kMinimal) +
                              "providers:\n  stripe: {secret: sk_live_zzz, secret_env: X}\n");
  EXPECT_EQ(error.find("sk_live_zzz"), std::string::npos);
  std::ostringstream dump;
  Result<GatewayConfig> config =
      Parse(std::string(kMinimal) + "providers:\n  stripe: {secret: sk_live_zzz}\n");
  ASSERT_TRUE(config.ok());
  dump << config->providers.at("stripe").secret;
  EXPECT_EQ(dump.str(), "***");
}

TEST(GatewayConfigTest, MissingSecretEnvIsAnError) {
  unsetenv("MG_CONFIG_TEST_UNSET");
  std::string error =
      ErrorOf(std::string(kMinimal) + "providers:\n  stripe: {secret_env: MG_CONFIG_TEST_UNSET}\n");
  EXPECT_NE(error.find("'MG_CONFIG_TEST_UNSET' is not set"), std::string::npos) << error;
}

TEST(GatewayConfigTest, EventSubscribersAndTheirRetries) {
  setenv("MG_CONFIG_TEST_EVENTS_SECRET", "whsec_from_env", 1);
  Result<GatewayConfig> config = Parse(std::string(kMinimal) + R"(events:
  poll_interval_ms: 250
  initial_backoff_ms: 500
  max_backoff_ms: 60000
  delivery_timeout_ms: 3000
  subscribers:
    - {url: "https://hooks.example.com/marketgate", secret: whsec_inline}
    - {url: "http://127.0.0.1:9000/events", secret_env: MG_CONFIG_TEST_EVENTS_SECRET}
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_EQ(config->events.subscribers.size(), 2u);
  EXPECT_EQ(config->events.subscribers[0].url, "https://hooks.example.com/marketgate");
  EXPECT_EQ(config->events.subscribers[0].secret.reveal(), "whsec_inline");
  EXPECT_EQ(config->events.subscribers[1].secret.reveal(), "whsec_from_env");
  EXPECT_EQ(config->events.poll_interval, std::chrono::milliseconds(250));
  EXPECT_EQ(config->events.initial_backoff, std::chrono::milliseconds(500));
  EXPECT_EQ(config->events.max_backoff, std::chrono::milliseconds(60000));
  EXPECT_EQ(config->events.delivery_timeout, std::chrono::milliseconds(3000));
  EXPECT_TRUE(Parse(kMinimal)->events.subscribers.empty());
}

TEST(GatewayConfigTest, EventSubscriberNeedsASecretAndAnHttpUrl) {
  std::string error = ErrorOf(std::string(kMinimal) + R"(events:
  subscribers:
    - {url: "ftp://example.com/events"}
)");
  EXPECT_NE(error.find("expected an http:// or https:// URL"), std::string::npos) << error;
  EXPECT_NE(error.find("needs 'secret' or 'secret_env'"), std::string::npos) << error;
}

TEST(GatewayConfigTest, ReconciliationIntervalAndMinimumAge) {
  Result<GatewayConfig> config =
      Parse(std::string(kMinimal) + "reconciliation: {interval_ms: 5000, min_age_ms: 90000}\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->reconciliation.interval, std::chrono::milliseconds(5000));
  EXPECT_EQ(config->reconciliation.min_age, std::chrono::milliseconds(90000));
  EXPECT_EQ(Parse(kMinimal)->reconciliation.min_age, std::chrono::seconds(60));
  std::string error = ErrorOf(std::string(kMinimal) + "reconciliation: {interval_ms: 10}\n");
  EXPECT_NE(error.find("reconciliation.interval_ms"), std::string::npos) << error;
}

TEST(GatewayConfigTest, IdempotencyLeaseIsConfigurable) {
  Result<GatewayConfig> config = Parse(R"(
listen: 127.0.0.1:8080
regions_dir: ../regions
store: {driver: sqlite, path: /tmp/mg.db, idempotency_lease_ms: 2000}
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->store.idempotency_lease, std::chrono::milliseconds(2000));
  EXPECT_EQ(Parse(kMinimal)->store.idempotency_lease, std::chrono::seconds(60));
  std::string error = ErrorOf(R"(
listen: 127.0.0.1:8080
regions_dir: ../regions
store: {driver: sqlite, path: /tmp/mg.db, idempotency_lease_ms: 5}
)");
  EXPECT_NE(error.find("idempotency_lease_ms"), std::string::npos) << error;
}

TEST(GatewayConfigTest, PostgresPoolSizeIsConfigurable) {
  const std::string head = "listen: 127.0.0.1:8080\nregions_dir: ../regions\n";
  Result<GatewayConfig> config =
      Parse(head + "store: {driver: postgres, dsn: 'host=db', pool_size: 24}\n");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->store.pool_size, 24);
  EXPECT_EQ(Parse(head + "store: {driver: postgres, dsn: 'host=db'}\n")->store.pool_size, 8);
  EXPECT_EQ(StoreConfigOf(config->store).postgres.pool_size, 24);
  std::string error = ErrorOf(head + "store: {driver: postgres, dsn: 'host=db', pool_size: 0}\n");
  EXPECT_NE(error.find("store.pool_size: must be between 1 and 256"), std::string::npos) << error;
  error = ErrorOf(head + "store: {driver: sqlite, path: /tmp/mg.db, pool_size: 4}\n");
  EXPECT_NE(error.find("only the postgres driver takes 'pool_size'"), std::string::npos) << error;
}

TEST(GatewayConfigTest, StoreRetentionWindowsAndTheirMinimums) {
  Result<GatewayConfig> defaults = Parse(kMinimal);
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->store.retention.idempotency_keys, std::chrono::hours(24));
  EXPECT_EQ(defaults->store.retention.webhook_events, std::chrono::hours(24 * 30));
  EXPECT_EQ(defaults->store.retention.delivered_events, std::chrono::hours(24 * 90));
  EXPECT_EQ(defaults->store.retention.purge_interval, std::chrono::minutes(10));

  Result<GatewayConfig> config = Parse(R"(
listen: 127.0.0.1:8080
regions_dir: ../regions
store:
  driver: sqlite
  path: /tmp/mg.db
  retention: {idempotency_keys_hours: 48, webhook_events_days: 45, delivered_events_days: 365,
              purge_interval_ms: 60000}
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->store.retention.idempotency_keys, std::chrono::hours(48));
  EXPECT_EQ(config->store.retention.webhook_events, std::chrono::hours(24 * 45));
  EXPECT_EQ(config->store.retention.delivered_events, std::chrono::hours(24 * 365));
  EXPECT_EQ(config->store.retention.purge_interval, std::chrono::minutes(1));

  // Shorter than what clients and providers are promised: errors.
  std::string errors = ErrorOf(R"(
listen: 127.0.0.1:8080
regions_dir: ../regions
store:
  driver: sqlite
  path: /tmp/mg.db
  retention: {idempotency_keys_hours: 1, webhook_events_days: 1}
)");
  EXPECT_NE(errors.find("store.retention.idempotency_keys_hours: must be between 24"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("store.retention.webhook_events_days: must be between 3"),
            std::string::npos)
      << errors;
}

TEST(GatewayConfigTest, YamlSyntaxErrorsHavePositions) {
  std::string error = ErrorOf("listen: [unclosed\n");
  EXPECT_NE(error.find("/etc/mg/marketgate.yaml:"), std::string::npos) << error;
}

TEST(GatewayConfigTest, TheSandboxConfigLoads) {
  Result<GatewayConfig> config =
      LoadGatewayConfig(std::string(MG_SOURCE_DIR) + "/deploy/marketgate.yaml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->listen.ToString(), "127.0.0.1:8080");
  EXPECT_EQ(config->admin_listen->ToString(), "127.0.0.1:8081");
  EXPECT_EQ(config->regions_dir, std::string(MG_SOURCE_DIR) + "/regions");
  EXPECT_FALSE(config->api_keys.empty());
}

TEST(GatewayConfigTest, MissingFile) {
  Result<GatewayConfig> config = LoadGatewayConfig("/nonexistent/marketgate.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("/nonexistent/marketgate.yaml"), std::string::npos);
}

}  // namespace
}  // namespace mg::app
