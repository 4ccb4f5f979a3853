#include <boost/json/array.hpp>

#include "gateway/app/config.h"

namespace mg::app {

boost::json::object ConfigSummaryJson(const GatewayConfig& config) {
  boost::json::object out;
  out["source_file"] = config.source_file;
  out["listen"] = config.listen.ToString();
  out["admin_listen"] = config.admin_listen ? config.admin_listen->ToString() : "public";
  out["tls"] = config.tls.has_value();
  out["admin_tls"] = config.admin_tls.has_value();
  if (config.webhook_listen && config.webhook_tls) {
    out["webhook_listen"] = config.webhook_listen->ToString();
    out["webhook_client_ca"] = config.webhook_tls->client_ca;
  } else {
    out["webhook_listen"] = nullptr;
  }
  out["threads"] = config.EffectiveIoThreads();
  out["worker_threads"] = config.EffectiveWorkerThreads();
  out["regions_dir"] = config.regions_dir;
  boost::json::object store;
  if (config.store.driver == StoreDriver::kSqlite) {
    store["driver"] = "sqlite";
    store["path"] = config.store.path;
  } else {
    store["driver"] = "postgres";  // the DSN may hold a password
  }
  out["store"] = std::move(store);
  boost::json::array keys;
  for (const http::ApiKey& key : config.api_keys) {
    boost::json::array scopes;
    for (const std::string& scope : key.scopes.Names()) scopes.emplace_back(scope);
    keys.push_back({{"name", key.name}, {"scopes", std::move(scopes)}});
  }
  out["api_keys"] = std::move(keys);
  boost::json::array providers;
  for (const auto& [name, provider] : config.providers) {
    providers.push_back({{"name", name}, {"kind", provider.kind}, {"base_url", provider.base_url}});
  }
  out["providers"] = std::move(providers);
  out["limits"] = {
      {"max_header_bytes", config.limits.max_header_bytes},
      {"max_body_bytes", config.limits.max_body_bytes},
      {"max_buffered_body_bytes", config.limits.max_buffered_body_bytes},
      {"max_connections", config.limits.max_connections},
      {"max_connections_per_address", config.limits.max_connections_per_address},
      {"idle_timeout_ms", config.limits.idle_timeout.count()},
      {"header_timeout_ms", config.limits.header_timeout.count()},
      {"request_timeout_ms", config.limits.request_timeout.count()},
      {"max_pipelined", config.limits.max_pipelined},
      {"shutdown_drain_ms", config.limits.shutdown_drain.count()},
  };
  auto limit_json = [](const http::RateLimit& limit) {
    return boost::json::object{{"rate_per_second", limit.rate_per_second}, {"burst", limit.burst}};
  };
  boost::json::object rate_limits;
  if (config.rate_limits.default_limit) {
    rate_limits["default"] = limit_json(*config.rate_limits.default_limit);
  } else {
    rate_limits["default"] = nullptr;
  }
  boost::json::object per_key;
  for (const auto& [name, limit] : config.rate_limits.per_key) per_key[name] = limit_json(limit);
  rate_limits["per_key"] = std::move(per_key);
  rate_limits["per_address"] = limit_json(config.rate_limits.per_address);
  out["rate_limits"] = std::move(rate_limits);
  if (config.vat_check) {
    // The registers' addresses and the policy; never the HMRC secret.
    const vat_check::RegistryCheckerOptions& vat = *config.vat_check;
    out["vat_check"] = {
        {"vies", vat.vies ? boost::json::value(vat.vies->base_url) : nullptr},
        {"hmrc", vat.hmrc ? boost::json::value(vat.hmrc->base_url) : nullptr},
        {"cache_ttl_s", vat.cache_ttl.count()},
        {"cache_max_entries", vat.cache_max_entries},
        {"when_unavailable", vat_check::WhenUnavailableName(vat.when_unavailable)},
    };
  } else {
    out["vat_check"] = nullptr;  // offline: syntax and check digits
  }
  out["log_level"] = LogLevelName(config.log_level);
  return out;
}

}  // namespace mg::app
