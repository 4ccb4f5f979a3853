#include "gateway/providers/payout.h"

#include "base/idempotency_key.h"
#include "gateway/providers/payment_provider.h"

namespace mg::providers {

std::string DerivePayoutIdempotencyKey(std::string_view payout_id, int attempt) {
  return mg::DeriveIdempotencyKey(payout_id, attempt, "payout");
}

mg::Status ValidatePayoutRequest(const PayoutRequest& request) {
  if (request.payout_id.empty()) return InvalidArgument("payout id is required", "payout_id");
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  if (request.amount.minor_units() <= 0)
    return InvalidArgument("amount must be positive", "amount");
  if (request.destination.empty()) return InvalidArgument("destination is required", "destination");
  // A Pix phone key ("+5511...") is all digits after its "+" and may pass
  // Luhn by chance; every other destination is a token.
  if (request.destination.front() != '+' && LooksLikeCardNumber(request.destination)) {
    return InvalidArgument("destination looks like a card number; send a token", "destination");
  }
  if (LooksLikeCardNumber(request.description)) {
    return InvalidArgument("description contains a card number", "description");
  }
  return mg::Status::Ok();
}

Result<PaymentResult> PaymentProvider::Payout(const PayoutRequest&) const {
  return Status(ErrorCode::kFailedPrecondition,
                "provider '" + std::string(id()) + "' does not pay out");
}

Result<PaymentResult> PaymentProvider::GetPayoutStatus(const PayoutStatusRequest&) const {
  return Status(ErrorCode::kFailedPrecondition,
                "provider '" + std::string(id()) + "' does not pay out");
}

}  // namespace mg::providers
