#include "gateway/api/idempotency_purge.h"

#include "gateway/log.h"

namespace mg::api {

std::unique_ptr<PeriodicTask> StartIdempotencyPurge(store::Store& store, const Clock& clock,
                                                    std::chrono::milliseconds interval) {
  return std::make_unique<PeriodicTask>("idempotency-purge", interval, [&store, &clock] {
    const store::UnixMillis now =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch())
            .count();
    Result<int64_t> purged = store.PurgeExpiredIdempotencyKeys(now);
    if (!purged.ok()) {
      gateway::Log(gateway::LogLevel::kWarning,
                   "idempotency key purge failed: " + purged.status().ToString());
    } else if (*purged > 0) {
      gateway::Log(gateway::LogLevel::kInfo,
                   "purged " + std::to_string(*purged) + " expired idempotency key(s)");
    }
  });
}

}  // namespace mg::api
