// One look at one open provider attempt (reconciliation.h says what each
// operation gets): asks the provider, records its answer on the attempt, and
// settles the purchase or refund the answer decides.
#pragma once

#include <string>

#include "gateway/api/reconciliation.h"
#include "gateway/store/records.h"
#include "route_context.h"

namespace mg::api {

struct AttemptVerdict {
  enum class Kind {
    kSettled,     // the attempt has its final answer
    kWaiting,     // the provider says it is still pending
    kUnresolved,  // no answer yet
    kNotCharged,  // the provider proves nothing happened
  };
  Kind kind = Kind::kUnresolved;
  std::string note;        // what the look found, for people
  bool duplicate = false;  // it found a charge one too many (reversed)
};

AttemptVerdict ReconcileAttempt(const RouteContext& context, const store::ProviderAttempt& attempt,
                                const ReconcileOptions& options);

}  // namespace mg::api
