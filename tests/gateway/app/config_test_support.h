// The smallest valid gateway config and a parser for the config tests.
#pragma once

#include <string>

#include "gateway/app/config.h"

namespace mg::app::testing {

inline constexpr const char* kMinimalConfig = R"(
listen: 127.0.0.1:8080
regions_dir: ../regions
store: {driver: sqlite, path: /tmp/mg.db}
)";

// Parses `yaml` as if read from /etc/mg/marketgate.yaml (relative paths resolve there).
inline Result<GatewayConfig> ParseConfig(const std::string& yaml) {
  return ParseGatewayConfig(yaml, "/etc/mg/marketgate.yaml");
}

}  // namespace mg::app::testing
