// Internal to the config loader: the `limits:` and `rate_limits:` sections
// (docs/config.md).
#pragma once

#include <vector>

#include "base/yaml_reader.h"
#include "gateway/http/auth.h"
#include "gateway/http/limits.h"
#include "gateway/http/rate_limiter.h"

namespace mg::app {

// `limits: {max_header_bytes, max_body_bytes, ..., shutdown_drain_ms}`.
void ReadHttpLimits(FieldReader& parent, http::HttpLimits& limits);

// `rate_limits: {default: {rate_per_second, burst}, per_key: {NAME: {...}},
// per_address: {...}}`; per_key names must be configured keys.
void ReadRateLimits(FieldReader& parent, const std::vector<http::ApiKey>& keys,
                    http::RateLimitConfig& limits);

}  // namespace mg::app
