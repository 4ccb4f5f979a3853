// What a payment the provider confirms means for its purchase, whoever
// learns of it (a webhook, reconciliation): it settles the purchase while the
// purchase is open; it is already counted when it is the purchase's own
// payment; otherwise it is one charge too many (a second provider took the
// payment, or the purchase had failed) and is reversed at once, counted in
// mg_duplicate_charges_total (a healthy system keeps it at 0), logged and
// announced by a purchase.duplicate_charge event.
#pragma once

#include <optional>
#include <string>

#include "currency/money.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/store/records.h"
#include "route_context.h"

namespace mg::api {

struct Charge {
  std::string provider;   // the instance that charged
  std::string reference;  // its reference for the payment
  std::optional<Money> amount;
  // What the provider said of cardholder authentication for it.
  providers::Authentication authentication = providers::Authentication::kNone;
};

enum class ChargeFate {
  kSettled,          // the purchase succeeded with this payment
  kAlreadyCounted,   // the purchase's own payment
  kReversed,         // one too many: the refund of it was accepted
  kReversalInDoubt,  // one too many: its refund awaits an answer (reconciled)
  kAmountMismatch,   // it names another amount than the purchase's: left for a person
};
const char* ChargeFateName(ChargeFate fate);

// `lease`, when set, must still own its key for the purchase to move.
Result<ChargeFate> AccountForCharge(const RouteContext& context, const store::Purchase& purchase,
                                    const Charge& charge,
                                    const store::IdempotencyLease* lease = nullptr);

}  // namespace mg::api
