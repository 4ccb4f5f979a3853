// The audit's comparison: the store's purchases and refunds against the
// providers' own records of the same payments, as a list of drift. Pure: no
// I/O, no clock (the caller reads both sides and passes the time).
//
// A purchase and a provider charge belong together when the charge carries
// the purchase's id as our merchant reference (Stripe metadata, Adyen
// reference, Pix description); the charge the purchase names as its
// provider reference is the one it kept. Every other live charge of the
// purchase is a second charge, which must have been reversed.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gateway/providers/payment_provider.h"
#include "gateway/store/ledger.h"
#include "gateway/store/records.h"

namespace mg::audit {

// A purchase with what the store recorded about it.
struct StoredPurchase {
  store::Purchase purchase;
  std::vector<store::Refund> refunds;
  int coin_credits = 0;  // purchase.succeeded events emitted for it (each credits its coins)
  // The ledger's journals for the purchase and its refunds (ledger_drift.h).
  std::vector<store::Journal> journals;
};

struct Drift {
  // charge_without_purchase, purchase_without_charge, amount_mismatch,
  // currency_mismatch, refund_mismatch, unreversed_duplicate_charge,
  // coins_credited, not_final.
  std::string kind;
  std::string purchase_id;  // empty for a charge that names no purchase
  std::string provider;
  std::string charge_id;
  std::string detail;
};

struct AuditInput {
  std::vector<StoredPurchase> purchases;
  std::vector<providers::ListedCharge> charges;
  // The provider instances whose records `charges` holds completely; a
  // succeeded purchase at another provider cannot be checked.
  std::set<std::string> covered_providers;
  // Purchases and refunds updated within `settle_grace_ms` of `now_ms` may
  // still be in flight: they are not reported as not final or unmatched.
  store::UnixMillis now_ms = 0;
  int64_t settle_grace_ms = 0;
};

struct AuditFindings {
  std::vector<Drift> drift;
  int purchases_checked = 0;    // at a covered provider
  int purchases_unchecked = 0;  // at a provider whose records were not read
};

AuditFindings FindDrift(const AuditInput& input);

}  // namespace mg::audit
