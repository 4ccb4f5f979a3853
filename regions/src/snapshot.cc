#include "regions/snapshot.h"

#include "regions/market_loader.h"

namespace mg::regions {

MarketSnapshot::MarketSnapshot(MarketMap markets, ProviderCatalog providers, uint64_t version,
                               Clock::time_point loaded_at, std::string source_dir)
    : markets_(std::move(markets)),
      providers_(std::move(providers)),
      version_(version),
      loaded_at_(loaded_at),
      source_dir_(std::move(source_dir)) {}

const Market* MarketSnapshot::Find(std::string_view code) const {
  auto it = markets_.find(code);
  return it == markets_.end() ? nullptr : it->second.get();
}

MarketRegistry::MarketRegistry(std::string regions_dir, SnapshotCheck check,
                               ReleasedHook on_released)
    : regions_dir_(std::move(regions_dir)),
      check_(std::move(check)),
      on_released_(std::move(on_released)) {}

std::vector<LoadError> MarketRegistry::Reload(std::string trigger) {
  std::lock_guard<std::mutex> reload_lock(reload_mutex_);
  uint64_t next_version;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next_version = stats_.version + 1;
  }
  // Parse and validate without holding the readers' mutex.
  LoadResult loaded = LoadMarkets(regions_dir_, LoadOptions{next_version});
  if (loaded.ok() && check_) {
    loaded.errors = check_(*loaded.snapshot);
    if (!loaded.errors.empty()) loaded.snapshot.reset();
  }

  if (loaded.ok() && on_released_) {
    // The published pointer owns the loader's: when the last reader drops
    // it, the snapshot is destroyed first and the hook runs after.
    const MarketSnapshot* snapshot = loaded.snapshot.get();
    loaded.snapshot = std::shared_ptr<const MarketSnapshot>(
        snapshot,
        [owner = std::move(loaded.snapshot), hook = on_released_](const MarketSnapshot*) mutable {
          owner.reset();
          hook();
        });
  }

  std::lock_guard<std::mutex> lock(mutex_);
  last_errors_ = loaded.errors;
  if (loaded.ok()) {
    // The previous snapshot is released outside readers' view: readers that
    // hold it keep it alive until they finish.
    current_.swap(loaded.snapshot);
    ++stats_.reloads_ok;
    stats_.version = next_version;
  } else {
    ++stats_.reloads_failed;
  }
  ReloadRecord record;
  record.at = std::chrono::system_clock::now();
  record.trigger = std::move(trigger);
  record.ok = loaded.ok();
  record.version = stats_.version;
  record.markets = current_ ? current_->markets().size() : 0;
  record.errors = loaded.errors;
  history_.push_front(std::move(record));
  if (history_.size() > kHistorySize) history_.pop_back();
  return loaded.errors;
}

std::vector<MarketRegistry::ReloadRecord> MarketRegistry::history() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {history_.begin(), history_.end()};
}

std::shared_ptr<const MarketSnapshot> MarketRegistry::Current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

std::vector<LoadError> MarketRegistry::last_errors() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_errors_;
}

MarketRegistry::Stats MarketRegistry::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

}  // namespace mg::regions
