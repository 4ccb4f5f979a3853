// Backfills run by schema migrations (migrations.cc), each in its
// migration's transaction.
#pragma once

#include "base/status.h"
#include "sql.h"

namespace mg::store {

// Migration 7: the attempt number of provider attempts, recovered from their
// idempotency keys, and the SCA regime of open purchases from their quotes.
Status BackfillAttemptNumbersAndScaRegimes(SqlTransaction& txn);

// Migration 12: journals (and coin lots) of what settled before the ledger.
Status BackfillLedger(SqlTransaction& txn);

}  // namespace mg::store
