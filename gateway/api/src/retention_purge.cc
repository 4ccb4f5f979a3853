#include "gateway/api/retention_purge.h"

#include "base/log.h"

namespace mg::api {

std::unique_ptr<PeriodicTask> StartRetentionPurge(store::Store& store, const Clock& clock,
                                                  std::chrono::milliseconds interval) {
  return std::make_unique<PeriodicTask>("retention-purge", interval, [&store, &clock] {
    const store::UnixMillis now =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch())
            .count();
    Result<store::RetentionPurge> purged = store.PurgeExpired(now);
    if (!purged.ok()) {
      Log(LogLevel::kWarning, "retention purge failed: " + purged.status().ToString());
    } else if (purged->total() > 0) {
      Log(LogLevel::kInfo, "retention purge deleted " + std::to_string(purged->idempotency_keys) +
                               " idempotency key(s), " + std::to_string(purged->webhook_events) +
                               " webhook event id(s), " + std::to_string(purged->delivered_events) +
                               " delivered event(s)");
    }
  });
}

}  // namespace mg::api
