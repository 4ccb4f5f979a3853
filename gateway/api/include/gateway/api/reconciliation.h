// Reconciliation: brings every provider call still open to a final state.
//
// An attempt is open while the store has no final answer for it: started
// (the process died before the answer), ambiguous (sent, answer lost: a
// timeout, a reset, a 5xx, a 409 "in progress"), pending or requires_action
// (the provider will decide later). Each pass takes the attempts due for a
// look, the longest due first, and asks the provider:
//
//   authorize  the status of the payment (by its reference, or by our
//              reference and the call's key when the answer was lost):
//              approved -> the purchase succeeds (or, when the purchase
//              accounts for another payment or failed, the charge is one too
//              many and is refunded: charge_accounting.h); declined -> it
//              fails; not found -> nothing was charged, and the purchase
//              fails once no attempt of it is open (a created purchase only
//              after `abandon_after`, the window of its client's retry)
//   refund     a refund whose answer was lost is sent again with the same
//              key (the provider answers what it did, never a second
//              refund); a pending one is looked up where the provider can
//              (Stripe, Pix) or waits for its webhook (Adyen)
//   status     a probe left behind by a crash moves no money: closed
//              An authorization the provider holds uncaptured (GetStatus
//              capturable: a crash between authorize and capture, a
//              challenge passed and never confirmed) is captured, and the
//              purchase succeeds. A purchase still waiting for the shopper
//              after RoutesConfig::action_expiry is voided and fails
//              (abandoned_action.h).
//   complete_action  as authorize: the payment it finishes is asked about
//   capture, void  the ones reconciliation makes itself (above) are recorded
//              like any call; one found open, its answer lost, is escalated
//              for a person
//
// An attempt the provider cannot settle yet is looked at again after a
// backoff (initial_backoff, doubling, at most max_backoff), so that it never
// blocks the others. One still open `escalate_after` after it started is
// escalated for a person: a log line, mg_reconciliation_escalations_total,
// the gauge mg_operations_needing_attention, and GET /admin/needs_attention.
// It is still looked at (at max_backoff) until it settles.
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
  // The wait before the first look again at an attempt that stays open;
  // doubled at each look, up to max_backoff. Defaults: 30 s and 1 h.
  std::chrono::milliseconds initial_backoff{30'000};
  std::chrono::milliseconds max_backoff{3'600'000};
  // How long an attempt may stay open before a person must look. Default: 24 h.
  std::chrono::milliseconds escalate_after{86'400'000};
  // How long a created purchase that nothing was charged for is left for its
  // client's retry with the same Idempotency-Key before it fails. Must exceed
  // the store's idempotency lease. Default: 10 min.
  std::chrono::milliseconds abandon_after{600'000};
};

struct ReconcileReport {
  int examined = 0;
  int settled = 0;      // brought to a final state
  int waiting = 0;      // the provider says it is still pending
  int unresolved = 0;   // no answer yet: looked at again later
  int not_charged = 0;  // the provider proves nothing was charged
  int duplicates = 0;   // charges one too many, reversed
  int escalated = 0;    // escalated for a person in this pass
};

class Reconciler {
 public:
  // `deps` as for the routes; must outlive the reconciler. Registers its
  // metrics in deps.metrics.
  Reconciler(const ApiDeps& deps, ReconcileOptions options);

  // One pass over the attempts due now. Errors: the store's, when the
  // attempts cannot be listed.
  Result<ReconcileReport> RunOnce();

  const ReconcileOptions& options() const { return options_; }

 private:
  const ApiDeps& deps_;
  ReconcileOptions options_;
  http::CounterFamily& checks_;
  http::CounterFamily& escalations_;
  http::Gauge& needing_attention_;
};

}  // namespace mg::api
