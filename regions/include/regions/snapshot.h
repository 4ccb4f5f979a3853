// MarketSnapshot: every market of one load of the regions directory, immutable.
// MarketRegistry: holds the current snapshot and replaces it atomically on a
// successful reload (ClickHouse's MultiVersion pattern).
//
// A request calls registry.Current() once and keeps that shared_ptr until it
// is done, so it sees one consistent version even while a reload publishes a
// newer one. A MarketSnapshot is immutable and can therefore be safely
// accessed from multiple threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/load_error.h"
#include "regions/market.h"
#include "regions/providers.h"

namespace mg::regions {

class MarketSnapshot {
 public:
  using Clock = std::chrono::system_clock;
  using MarketMap = std::map<std::string, std::shared_ptr<const Market>, std::less<>>;

  MarketSnapshot(MarketMap markets, ProviderCatalog providers, uint64_t version,
                 Clock::time_point loaded_at, std::string source_dir);

  // nullptr for an unknown market code.
  const Market* Find(std::string_view code) const;
  const MarketMap& markets() const { return markets_; }
  const ProviderCatalog& providers() const { return providers_; }
  // Increases by one with every snapshot a registry publishes (1 for the first).
  uint64_t version() const { return version_; }
  Clock::time_point loaded_at() const { return loaded_at_; }
  const std::string& source_dir() const { return source_dir_; }

 private:
  MarketMap markets_;
  ProviderCatalog providers_;
  uint64_t version_;
  Clock::time_point loaded_at_;
  std::string source_dir_;
};

// Thread-safe. Current() never blocks on a reload in progress: the new
// snapshot is built without any lock held and published with one pointer
// swap under a short mutex.
class MarketRegistry {
 public:
  struct Stats {
    uint64_t reloads_ok = 0;
    uint64_t reloads_failed = 0;
    uint64_t version = 0;  // of the current snapshot; 0 before the first load
  };

  // A check a new snapshot must pass before it is published, beyond the
  // loader's own (the gateway checks the providers it routes to against
  // its provider kinds and config). Returns the errors; empty: it passes.
  using SnapshotCheck = std::function<std::vector<LoadError>(const MarketSnapshot&)>;

  // Called after a snapshot this registry published has been destroyed, on
  // the thread that dropped its last reference (a reload, or a reader that
  // still held the snapshot a reload replaced).
  using ReleasedHook = std::function<void()>;

  explicit MarketRegistry(std::string regions_dir, SnapshotCheck check = {},
                          ReleasedHook on_released = {});

  MarketRegistry(const MarketRegistry&) = delete;
  MarketRegistry& operator=(const MarketRegistry&) = delete;

  // One reload, as history() keeps it.
  struct ReloadRecord {
    std::chrono::system_clock::time_point at;  // when it ended
    // Who or what asked for it: "start-up", "SIGHUP", "POST /admin/reload
    // (ops-admin)", "console (ops-admin)".
    std::string trigger;
    bool ok = false;
    uint64_t version = 0;  // serving after it
    size_t markets = 0;    // in the snapshot serving after it
    std::vector<LoadError> errors;
  };
  static constexpr size_t kHistorySize = 50;

  // Loads the directory into a new snapshot (call from a background thread,
  // not from an I/O thread: it reads and parses every file) and runs the
  // registry's SnapshotCheck on it. On success
  // publishes it and returns an empty list. On any error the previous
  // snapshot keeps serving and every error is returned and recorded in
  // last_errors(). Concurrent reloads are serialized.
  std::vector<LoadError> Reload(std::string trigger = "unnamed");

  // The last kHistorySize reloads, the newest first.
  std::vector<ReloadRecord> history() const;

  // The snapshot serving now; nullptr until the first successful Reload().
  std::shared_ptr<const MarketSnapshot> Current() const;

  // Errors of the most recent reload (empty when it succeeded).
  std::vector<LoadError> last_errors() const;
  Stats stats() const;
  const std::string& regions_dir() const { return regions_dir_; }

 private:
  const std::string regions_dir_;
  const SnapshotCheck check_;
  const ReleasedHook on_released_;
  std::mutex reload_mutex_;  // serializes Reload(); never taken by readers

  mutable std::mutex mutex_;  // guards the fields below; held only for copies
  std::shared_ptr<const MarketSnapshot> current_;
  std::vector<LoadError> last_errors_;
  Stats stats_;
  std::deque<ReloadRecord> history_;  // newest first
};

}  // namespace mg::regions
