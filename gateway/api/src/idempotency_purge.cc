#include "gateway/api/idempotency_purge.h"

#include "base/log.h"

namespace mg::api {

std::unique_ptr<PeriodicTask> StartIdempotencyPurge(store::Store& store, const Clock& clock,
                                                    std::chrono::milliseconds interval) {
  return std::make_unique<PeriodicTask>("idempotency-purge", interval, [&store, &clock] {
    const store::UnixMillis now =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch())
            .count();
    Result<int64_t> purged = store.PurgeExpiredIdempotencyKeys(now);
    if (!purged.ok()) {
      Log(LogLevel::kWarning, "idempotency key purge failed: " + purged.status().ToString());
    } else if (*purged > 0) {
      Log(LogLevel::kInfo, "purged " + std::to_string(*purged) + " expired idempotency key(s)");
    }
  });
}

}  // namespace mg::api
