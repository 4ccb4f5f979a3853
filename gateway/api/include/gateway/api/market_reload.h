// MarketReloader: reloads the market files into the registry and records the
// outcome, for SIGHUP and POST /admin/reload alike:
//
//   market_reloads_total{result="ok"|"error"}   counter
//   market_snapshot_version                     gauge, the serving version
//
// and one log line (each load error on its own line). A failed reload leaves
// the previous snapshot serving. Thread-safe; concurrent reloads are
// serialized by the registry. Call it off the I/O threads: it reads and
// parses every market file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/load_error.h"
#include "gateway/http/metrics.h"
#include "regions/snapshot.h"

namespace mg::api {

class MarketReloader {
 public:
  struct Outcome {
    bool ok = false;
    uint64_t version = 0;  // serving after the reload (unchanged when !ok)
    size_t markets = 0;    // in the serving snapshot
    std::vector<mg::LoadError> errors;
  };

  // Both must outlive the reloader.
  MarketReloader(regions::MarketRegistry& registry, http::MetricsRegistry& metrics);

  // `trigger`: who or what asked (MarketRegistry::ReloadRecord).
  Outcome Reload(std::string trigger);

  const regions::MarketRegistry& registry() const { return registry_; }

 private:
  regions::MarketRegistry& registry_;
  http::CounterFamily& reloads_;
  http::Gauge& version_;
};

}  // namespace mg::api
