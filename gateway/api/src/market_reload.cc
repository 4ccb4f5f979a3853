#include "gateway/api/market_reload.h"

#include <string>

#include "base/log.h"

namespace mg::api {

MarketReloader::MarketReloader(regions::MarketRegistry& registry, http::MetricsRegistry& metrics)
    : registry_(registry),
      reloads_(metrics.AddCounter("market_reloads_total",
                                  "Reloads of the market files, by result (ok, error).",
                                  {"result"})),
      version_(
          metrics.AddGauge("market_snapshot_version", "Version of the serving market snapshot.")
              .WithLabels({})) {}

MarketReloader::Outcome MarketReloader::Reload(std::string trigger) {
  Outcome outcome;
  outcome.errors = registry_.Reload(std::move(trigger));
  outcome.ok = outcome.errors.empty();
  std::shared_ptr<const regions::MarketSnapshot> snapshot = registry_.Current();
  if (snapshot) {
    outcome.version = snapshot->version();
    outcome.markets = snapshot->markets().size();
  }
  reloads_.WithLabels({outcome.ok ? "ok" : "error"}).Increment();
  version_.Set(static_cast<double>(outcome.version));
  if (outcome.ok) {
    Log(LogLevel::kInfo, "markets loaded from " + registry_.regions_dir() + ": version " +
                             std::to_string(outcome.version) + ", " +
                             std::to_string(outcome.markets) + " market(s)");
  } else {
    std::string message = "market reload rejected (" + std::to_string(outcome.errors.size()) +
                          " error(s)); still serving version " + std::to_string(outcome.version);
    for (const auto& error : outcome.errors) message += "\n  " + error.ToString();
    Log(LogLevel::kWarning, message);
  }
  return outcome;
}

}  // namespace mg::api
