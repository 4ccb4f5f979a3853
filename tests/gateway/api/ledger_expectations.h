// What `marketgate audit` checks of the money an API test moved: the
// ledger adds up, and no stored purchase drifts from its journals
// (gateway/audit/ledger_drift.h).
#pragma once

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "gateway/audit/ledger_drift.h"
#include "gateway/audit/store_reader.h"
#include "gateway/store/store.h"

namespace mg::api::testing {

inline void ExpectLedgerAndAuditClean(store::Store& store) {
  Result<store::LedgerCheck> check = store.CheckLedger();
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_TRUE(check->consistent());
  Result<std::vector<audit::StoredPurchase>> stored =
      audit::ReadStoredPurchases(store, 0, std::numeric_limits<int64_t>::max(), {});
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_FALSE(stored->empty());
  for (const audit::Drift& drift : audit::FindLedgerDrift(*stored, *check)) {
    ADD_FAILURE() << drift.kind << " " << drift.purchase_id << ": " << drift.detail;
  }
}

}  // namespace mg::api::testing
