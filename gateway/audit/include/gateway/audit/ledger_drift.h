// The audit's look at the ledger (gateway/store/ledger.h): every journal
// balances, every balance equals its entries, and every purchase and refund
// has exactly the journals its state says it should. Pure, like drift.h.
#pragma once

#include <vector>

#include "gateway/audit/drift.h"
#include "gateway/store/ledger.h"

namespace mg::audit {

// Drift kinds:
//   ledger_unbalanced     a journal whose entries do not sum to zero in a unit
//   ledger_balance_drift  a kept balance that its entries do not add up to
//   ledger_missing        a settled purchase or succeeded refund without its
//                         journal, or a journal for one that never settled
//   ledger_coins_mismatch the coins a purchase's journal credited differ from
//                         the purchase's
//   ledger_lots_mismatch  a wallet's coins differ from what its coin lots
//                         still hold (what gifts and refunds spend)
std::vector<Drift> FindLedgerDrift(const std::vector<StoredPurchase>& purchases,
                                   const store::LedgerCheck& check);

}  // namespace mg::audit
