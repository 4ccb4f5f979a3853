#include "config_limits_reader.h"

#include <algorithm>

#include "config_fields.h"

namespace mg::app {
namespace {

std::optional<http::RateLimit> ReadRateLimit(const YAML::Node& node, const NodeContext& context) {
  FieldReader reader(node, context);
  if (!reader.valid()) return std::nullopt;
  constexpr int64_t kMax = 1'000'000'000;
  std::optional<int64_t> rate = reader.RequiredInt("rate_per_second");
  std::optional<int64_t> burst = reader.RequiredInt("burst");
  reader.Finish();
  bool ok = rate && burst;
  if (rate && (*rate < 1 || *rate > kMax)) {
    context.Child("rate_per_second")
        .Error(reader.Get("rate_per_second"), "must be between 1 and " + std::to_string(kMax));
    ok = false;
  }
  if (burst && (*burst < 1 || *burst > kMax)) {
    context.Child("burst").Error(reader.Get("burst"),
                                 "must be between 1 and " + std::to_string(kMax));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return http::RateLimit{*rate, *burst};
}

}  // namespace

void ReadHttpLimits(FieldReader& parent, http::HttpLimits& limits) {
  std::optional<FieldReader> section = OptionalSection(parent, "limits");
  if (!section) return;
  FieldReader& reader = *section;
  ReadSize(reader, "max_header_bytes", limits.max_header_bytes, 1024);
  ReadSize(reader, "max_body_bytes", limits.max_body_bytes, 1);
  ReadSize(reader, "max_buffered_body_bytes", limits.max_buffered_body_bytes, 1);
  ReadSize(reader, "max_connections", limits.max_connections, 1);
  ReadSize(reader, "max_connections_per_address", limits.max_connections_per_address, 1);
  ReadMillis(reader, "idle_timeout_ms", limits.idle_timeout, 1);
  ReadMillis(reader, "header_timeout_ms", limits.header_timeout, 1);
  ReadMillis(reader, "request_timeout_ms", limits.request_timeout, 1);
  ReadSize(reader, "max_pipelined", limits.max_pipelined, 1);
  ReadMillis(reader, "shutdown_drain_ms", limits.shutdown_drain, 0);
  // A budget smaller than one body would refuse every request that has one.
  if (limits.max_buffered_body_bytes < limits.max_body_bytes) {
    reader.context()
        .Child("max_buffered_body_bytes")
        .Error(reader.Get("max_buffered_body_bytes").IsDefined()
                   ? reader.Get("max_buffered_body_bytes")
                   : reader.node(),
               "must be at least max_body_bytes (" + std::to_string(limits.max_body_bytes) + ")");
  }
  // The body's deadline counts from the same first byte as the headers', so
  // a header timeout above it means nothing; the default one is capped
  // silently (the session takes the smaller), an explicit one is an error.
  if (reader.Has("header_timeout_ms") && limits.header_timeout > limits.request_timeout) {
    reader.context()
        .Child("header_timeout_ms")
        .Error(reader.Get("header_timeout_ms"), "must not exceed request_timeout_ms (" +
                                                    std::to_string(limits.request_timeout.count()) +
                                                    ")");
  }
  reader.Finish();
}

void ReadRateLimits(FieldReader& parent, const std::vector<http::ApiKey>& keys,
                    http::RateLimitConfig& limits) {
  std::optional<FieldReader> section = OptionalSection(parent, "rate_limits");
  if (!section) return;
  FieldReader& reader = *section;
  YAML::Node default_node = reader.Get("default");
  if (default_node.IsDefined() && !default_node.IsNull()) {
    limits.default_limit = ReadRateLimit(default_node, reader.context().Child("default"));
  }
  YAML::Node address_node = reader.Get("per_address");
  if (address_node.IsDefined() && !address_node.IsNull()) {
    if (auto limit = ReadRateLimit(address_node, reader.context().Child("per_address"))) {
      limits.per_address = *limit;
    }
  }
  reader.ForEachEntry(
      "per_key", [&](const std::string& name, const YAML::Node& entry, NodeContext context) {
        bool known = std::any_of(keys.begin(), keys.end(),
                                 [&](const http::ApiKey& key) { return key.name == name; });
        if (!known) context.Error(entry, "no API key is named '" + name + "'");
        if (auto limit = ReadRateLimit(entry, context)) limits.per_key[name] = *limit;
      });
  reader.Finish();
}

}  // namespace mg::app
