// Retention: what the store keeps only for a while is deleted once past its
// window (store::StoreConfig, `store.retention` in docs/config.md):
// idempotency keys (answered for 24 h; after that a key counts as absent),
// webhook event ids (30 days), delivered outbox events (90 days). Records of
// money are never purged. Without this task those tables grow without bound.
#pragma once

#include <chrono>
#include <memory>

#include "base/periodic_task.h"
#include "gateway/api/clock.h"
#include "gateway/store/open_store.h"
#include "gateway/store/store.h"

namespace mg::api {

// Purges every `interval` (default 10 minutes), in bounded batches. `store`
// and `clock` must outlive the task. Failures are logged and retried at the
// next run.
std::unique_ptr<PeriodicTask> StartRetentionPurge(
    store::Store& store, const Clock& clock,
    std::chrono::milliseconds interval = std::chrono::minutes(10));

}  // namespace mg::api
