// StripeProvider's payout calls (stripe_payouts.h has the wire mapping).
#include "gateway/providers/provider_http.h"
#include "stripe/stripe_payouts.h"
#include "stripe/stripe_provider.h"

namespace mg::providers {
namespace {

// Pages of 100 payouts read to find one by our id: a bound, so that a
// connected account with an endless history cannot hold the lookup.
constexpr int kMaxPayoutPages = 100;

PaymentResult PendingAmbiguous(std::string_view provider, std::string message) {
  PaymentResult r;
  r.provider = std::string(provider);
  r.outcome = Outcome::kPending;
  r.ambiguous = true;
  r.message = std::move(message);
  return r;
}

}  // namespace

Result<PaymentResult> StripeProvider::Payout(const PayoutRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest transfer,
                      stripe::BuildCreateTransfer(base_url_, request));
  PaymentResult moved =
      Call(std::move(transfer), stripe::TransferIdempotencyKey(request.idempotency_key),
           &stripe::MapTransferResponse);
  // Refused, unsent, lost or unreadable: no payout was asked for yet, and
  // the transfer's own outcome is the payout's.
  if (moved.outcome != Outcome::kApproved) return moved;
  return SendPayout(request.destination, request.payout_id, request.amount, request.idempotency_key,
                    moved.provider_reference);
}

Result<PaymentResult> StripeProvider::SendPayout(const std::string& account,
                                                 const std::string& payout_id, const Money& amount,
                                                 const std::string& payout_key,
                                                 const std::string& transfer_id) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest http,
                      stripe::BuildCreatePayout(base_url_, account, payout_id, amount));
  PaymentResult r =
      Call(std::move(http), stripe::PayoutIdempotencyKey(payout_key), &stripe::MapPayoutResponse);
  if (r.outcome == Outcome::kRetryableError) {
    // The payout call was not sent, but the transfer was made: the money
    // is in the connected account. Failing over would pay twice, so this is
    // pending; GetPayoutStatus (or Payout with the same key) completes it.
    r.outcome = Outcome::kPending;
    r.ambiguous = true;
  }
  if (r.outcome != Outcome::kApproved) r.message += " (transfer " + transfer_id + " made)";
  return r;
}

Result<PaymentResult> StripeProvider::GetPayoutStatus(const PayoutStatusRequest& request) const {
  if (request.provider_reference.empty()) return FindPayout(request);
  MG_ASSIGN_OR_RETURN(
      outbound::HttpRequest http,
      stripe::BuildRetrievePayout(base_url_, request.destination, request.provider_reference));
  PaymentResult r = Call(std::move(http), "", &stripe::MapPayoutResponse);
  // GET of a payout id the account does not have: proof that it never existed.
  if (r.http_status == 404 && r.provider_code == "resource_missing") r.outcome = Outcome::kNotFound;
  return r;
}

Result<PaymentResult> StripeProvider::FindPayout(const PayoutStatusRequest& request) const {
  MG_ASSIGN_OR_RETURN(outbound::HttpRequest list,
                      stripe::BuildListTransfers(base_url_, request.payout_id));
  outbound::HttpResult answer = Send(std::move(list), "");
  if (!answer.ok()) return MapTransportFailure(id_, answer);
  stripe::PayoutListPage transfers = stripe::MapTransferList(id_, answer.response);
  if (transfers.failure) return *transfers.failure;
  if (transfers.transfer_id.empty()) {
    // Lists (unlike search) are consistent: no transfer in the group proves
    // that step 1 never happened, so neither did the payout.
    PaymentResult r;
    r.provider = id_;
    r.outcome = Outcome::kNotFound;
    r.http_status = answer.response.status;
    r.message = "no Stripe transfer in group " + request.payout_id;
    return r;
  }
  const std::string account = !transfers.transfer_destination.empty()
                                  ? transfers.transfer_destination
                                  : request.destination;
  std::string after;
  bool complete = false;
  for (int page = 0; page < kMaxPayoutPages && !complete; ++page) {
    MG_ASSIGN_OR_RETURN(outbound::HttpRequest http,
                        stripe::BuildListPayouts(base_url_, account, after));
    answer = Send(std::move(http), "");
    if (!answer.ok()) return MapTransportFailure(id_, answer);
    stripe::PayoutListPage payouts = stripe::MapPayoutList(id_, answer.response, request.payout_id);
    if (payouts.failure) return *payouts.failure;
    if (payouts.payout) return *payouts.payout;
    complete = !payouts.has_more || payouts.last_id.empty();
    after = payouts.last_id;
  }
  if (!complete) {
    return PendingAmbiguous(id_, "transfer " + transfers.transfer_id +
                                     " made; the account's payouts are too many to read whole");
  }
  // The transfer was made and the payout never was (its call was lost
  // before Stripe acted, or never sent). Step 2 again, with the payout's own
  // key: Stripe answers a replay with the first answer, and the body is
  // rebuilt from this request alone, so it is the same request.
  if (request.idempotency_key.empty() || request.amount.minor_units() <= 0) {
    return PendingAmbiguous(id_, "transfer " + transfers.transfer_id +
                                     " made, no payout yet: send Payout again with the same key");
  }
  return SendPayout(account, request.payout_id, request.amount, request.idempotency_key,
                    transfers.transfer_id);
}

}  // namespace mg::providers
