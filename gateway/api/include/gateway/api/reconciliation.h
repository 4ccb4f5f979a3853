// Reconciliation: settles purchases whose provider call is in doubt because
// the process that made it died (or lost the answer) between recording the
// attempt and recording its answer (Store::ListInDoubtAttempts).
//
// For each in-doubt authorization older than `min_age`, the provider's status
// call is asked about the payment (by the attempt's reference, or by our
// purchase id when the answer was lost), its answer is recorded on the
// attempt, and the purchase moves by compare-and-set (purchase_settlement):
//
//   approved                 -> succeeded, spend recorded
//   declined                 -> failed
//   pending / requires_action -> pending / requires_action (a webhook decides)
//   not found                -> the attempt is recorded as retryable_error
//                               (nothing happened at the provider) and the
//                               purchase stays created: the client's retry
//                               with its Idempotency-Key resumes it with the
//                               same provider idempotency key. Failing it here
//                               could race that retry into a charge for a
//                               failed purchase.
//   no answer                -> left in doubt for the next pass
//
// Other operations in doubt (capture, refund, void) are left for an
// operator and counted as unresolved.
#pragma once

#include <chrono>

#include "base/status.h"
#include "gateway/api/routes.h"

namespace mg::api {

struct ReconcileOptions {
  // Attempts younger than this are left alone: a live process may still be
  // waiting for the provider's answer. Must exceed the longest provider
  // call. Default: 60 s.
  std::chrono::milliseconds min_age{60'000};
  // Attempts examined per pass. Default: 100.
  int batch_size = 100;
  // How often `marketgate serve` runs a pass (the first at start). Default: 60 s.
  std::chrono::milliseconds interval{60'000};
};

struct ReconcileReport {
  int examined = 0;
  int succeeded = 0;    // purchases moved to succeeded
  int failed = 0;       // purchases moved to failed
  int waiting = 0;      // pending or requires_action at the provider
  int not_charged = 0;  // the provider has no such payment
  int unresolved = 0;   // no answer, or an operation reconciliation does not settle
};

// One pass. Errors: the store's, when the attempts cannot be listed.
Result<ReconcileReport> ReconcileInDoubtAttempts(const ApiDeps& deps,
                                                 const ReconcileOptions& options);

}  // namespace mg::api
