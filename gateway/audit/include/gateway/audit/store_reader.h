// The store's side of an audit: the purchases of a time range with their
// refunds, the coin credits (purchase.succeeded events) emitted for each, and
// the ledger's journals of both.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "gateway/audit/drift.h"
#include "gateway/store/store.h"

namespace mg::audit {

// Every purchase created in [from_ms, to_ms), plus those named in
// `also_ids` (purchases created earlier whose charges fall in the range; an
// id the store does not know is skipped: the comparison reports its charge).
// Coin credits are counted from the events emitted since the earliest of
// these purchases was created.
Result<std::vector<StoredPurchase>> ReadStoredPurchases(store::Store& store,
                                                        store::UnixMillis from_ms,
                                                        store::UnixMillis to_ms,
                                                        const std::set<std::string>& also_ids);

}  // namespace mg::audit
