// marketgate-sandbox's ledger (GET /_sandbox/ledger, docs/sandbox.md) read
// as the providers' own records: every charge the sandbox made while
// emulating Stripe, Adyen and Pix, with its refunds. The audit's source for
// the providers the sandbox stands in for, Adyen included (whose real API
// offers no list of payments).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "gateway/providers/payment_provider.h"

namespace mg::audit {

// Each charge's `provider` is the emulated kind ("stripe", "adyen", "pix").
// Amounts are ISO minor units already. kInvalidArgument when `json` is not a
// ledger.
Result<std::vector<providers::ListedCharge>> ParseSandboxLedger(std::string_view json);

// GET <url> (the ledger's full URL). kUnavailable when it cannot be read.
Result<std::string> FetchSandboxLedger(const std::string& url);

}  // namespace mg::audit
