// Idempotency keys are answered for 24 hours (StoreConfig::idempotency_retention);
// after that a key counts as absent, and this task deletes its row so that
// the table does not grow without bound.
#pragma once

#include <chrono>
#include <memory>

#include "base/periodic_task.h"
#include "gateway/api/clock.h"
#include "gateway/store/store.h"

namespace mg::api {

// Purges every `interval` (default 10 minutes). `store` and `clock` must
// outlive the task. Failures are logged and retried at the next run.
std::unique_ptr<PeriodicTask> StartIdempotencyPurge(
    store::Store& store, const Clock& clock,
    std::chrono::milliseconds interval = std::chrono::minutes(10));

}  // namespace mg::api
