#include "webhook_route.h"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/json/serialize.hpp>
#include <optional>

#include "ad_booking_settlement.h"
#include "api_errors.h"
#include "base/log.h"
#include "charge_accounting.h"
#include "chargeback_settlement.h"
#include "gateway/http/response.h"
#include "gateway/store/ids.h"
#include "gateway/store/request_fingerprint.h"
#include "payout_webhook.h"
#include "purchase_settlement.h"
#include "refund_settlement.h"
#include "webhook_verification.h"

namespace mg::api {
namespace {

using providers::Outcome;
using providers::WebhookEvent;
using store::PurchaseState;

struct Tally {
  int applied = 0;
  int duplicates = 0;
  int ignored = 0;
};

std::string EventFingerprintBody(const WebhookEvent& event) {
  return boost::json::serialize(
      boost::json::object{{"event_id", event.event_id},
                          {"reference", event.provider_reference},
                          {"outcome", providers::OutcomeName(event.outcome)}});
}

using store::RefundState;

// The purchase an event is about: by the provider's reference, else by our
// own (the merchant reference): an answer lost on the way leaves the
// purchase without the provider's reference, and its webhook still finds it.
// A signed event of this provider naming one of our purchases that settled
// elsewhere is a charge one too many, found here so that it is reversed.
Result<store::Purchase> PurchaseOf(const RouteContext& context, const std::string& provider,
                                   const WebhookEvent& event) {
  Result<store::Purchase> purchase =
      context.store().FindPurchaseByProviderReference(provider, event.provider_reference);
  if (purchase.ok() || purchase.status().code() != ErrorCode::kNotFound) return purchase;
  if (!event.merchant_reference.empty()) {
    Result<store::Purchase> ours = context.store().GetPurchase(event.merchant_reference);
    if (ours.ok()) return ours;
  }
  return Status(ErrorCode::kNotFound,
                "no purchase with " + provider + " reference '" + event.provider_reference + "'",
                "provider_reference");
}

// Applies a payment's outcome to the ad booking it names as our reference
// (bookings are paid by card: Stripe and Adyen echo our id). The move is a
// compare-and-set from the open states, so applying it twice changes
// nothing the second time.
Result<bool> ApplyBookingPayment(const RouteContext& context, const std::string& provider,
                                 const WebhookEvent& event) {
  MG_ASSIGN_OR_RETURN(store::AdBooking booking,
                      context.store().GetAdBooking(event.merchant_reference));
  const bool open = booking.state == store::AdBookingState::kCreated ||
                    booking.state == store::AdBookingState::kPending ||
                    booking.state == store::AdBookingState::kRequiresAction;
  if (event.outcome != Outcome::kApproved && event.outcome != Outcome::kDeclined) return false;
  providers::PaymentResult result;
  result.outcome = event.outcome;
  const store::AdBookingState to = AdBookingStateFor(booking, result);
  if (!open) {
    if (event.outcome == Outcome::kApproved &&
        booking.provider_reference != event.provider_reference) {
      // Not reversed automatically for bookings yet: a person refunds it.
      Log(LogLevel::kError, "ad_booking=" + booking.id + " charged again at " + provider + " (" +
                                event.provider_reference + "), but it is " +
                                std::string(store::Name(booking.state)) + " with '" +
                                booking.provider_reference + "': refund the second charge");
    }
    return false;
  }
  Result<store::AdBooking> moved =
      SettleAdBooking(context, booking,
                      {store::AdBookingState::kCreated, store::AdBookingState::kPending,
                       store::AdBookingState::kRequiresAction},
                      to, provider, event.provider_reference);
  if (!moved.ok() && moved.status().code() == ErrorCode::kFailedPrecondition) return false;
  MG_RETURN_IF_ERROR(moved.status());
  return true;
}

// Applies a payment's outcome. Returns whether it changed anything.
Result<bool> ApplyPayment(const RouteContext& context, const std::string& provider,
                          const WebhookEvent& event, const store::IdempotencyLease& lease) {
  if (store::HasPrefix(event.merchant_reference, store::kAdBookingIdPrefix)) {
    return ApplyBookingPayment(context, provider, event);
  }
  MG_ASSIGN_OR_RETURN(store::Purchase purchase, PurchaseOf(context, provider, event));
  if (event.outcome == Outcome::kApproved) {
    MG_ASSIGN_OR_RETURN(ChargeFate fate,
                        AccountForCharge(context, purchase,
                                         Charge{provider, event.provider_reference, event.amount,
                                                event.authentication},
                                         &lease));
    return fate != ChargeFate::kAlreadyCounted && fate != ChargeFate::kAmountMismatch;
  }
  // A decline fails only a pending purchase. A created one is being charged
  // by its request, whose answer (or reconciliation) decides; one waiting
  // for the shopper may still be authenticated after a declined attempt (a
  // soft decline is retried with 3-D Secure on the same payment): its
  // confirmation or its expiry decides.
  if (event.outcome != Outcome::kDeclined || purchase.state != PurchaseState::kPending) {
    return false;
  }
  MG_ASSIGN_OR_RETURN(
      Settlement settled,
      SettlePurchase(context, purchase, {PurchaseState::kPending}, PurchaseState::kFailed,
                     event.provider_reference, &lease, provider));
  return settled.moved;
}

// Applies a refund's outcome: by the provider's reference of the refund, else
// by our refund id. A refund event of no refund of ours (the reversal of a
// charge too many) is left to reconciliation.
Result<bool> ApplyRefund(const RouteContext& context, const std::string& provider,
                         const WebhookEvent& event) {
  Result<store::Refund> refund =
      context.store().FindRefundByProviderReference(provider, event.provider_reference);
  if (!refund.ok() && refund.status().code() == ErrorCode::kNotFound &&
      !event.merchant_reference.empty()) {
    refund = context.store().GetRefund(event.merchant_reference);
    if (refund.ok()) {
      MG_ASSIGN_OR_RETURN(store::Purchase purchase,
                          context.store().GetPurchase(refund->purchase_id));
      if (purchase.provider != provider) {
        refund = Status(ErrorCode::kNotFound, "not a refund at " + provider);
      }
    }
  }
  if (!refund.ok()) {
    if (refund.status().code() != ErrorCode::kNotFound) return refund.status();
    Log(LogLevel::kInfo, provider + " refund event " + event.event_id + " (" +
                             event.provider_reference +
                             ") is no refund of ours; left to "
                             "reconciliation");
    return false;
  }
  const bool fails_later =
      refund->state == RefundState::kSucceeded && event.outcome == Outcome::kDeclined;
  if (refund->state != RefundState::kPending && !fails_later) return false;
  if (event.outcome == Outcome::kApproved || event.outcome == Outcome::kDeclined) {
    Result<store::Refund> settled = SettleRefund(
        context, *refund,
        event.outcome == Outcome::kApproved ? RefundState::kSucceeded : RefundState::kFailed,
        event.provider_reference);
    if (!settled.ok() && settled.status().code() == ErrorCode::kFailedPrecondition) return false;
    MG_RETURN_IF_ERROR(settled.status());
    return true;
  }
  MG_RETURN_IF_ERROR(RecordRefundReference(context, *refund, event.provider_reference));
  return false;
}

// Applies one event while holding its key. Returns whether it changed anything.
Result<bool> Apply(const RouteContext& context, const std::string& provider,
                   const providers::ProviderKind& kind, const WebhookEvent& event,
                   const store::IdempotencyLease& lease) {
  if (kind.DecidesPayout(event)) return ApplyPayoutEvent(context, provider, event);
  if (kind.DecidesChargeback(event)) return ApplyChargeback(context, provider, event);
  if (kind.DecidesRefund(event)) return ApplyRefund(context, provider, event);
  return ApplyPayment(context, provider, event, lease);
}

// One event, deduplicated by its id. Errors leave the event unremembered
// (the key is released or left to expire), so that a redelivery applies it.
Status Receive(const RouteContext& context, const std::string& provider,
               const providers::ProviderKind& kind, const WebhookEvent& event, Tally& tally) {
  if (!kind.DecidesPayment(event) && !kind.DecidesRefund(event) && !kind.DecidesChargeback(event) &&
      !kind.DecidesPayout(event)) {
    ++tally.ignored;
    return Status::Ok();
  }
  const std::string path = "/v1/webhooks/" + provider;
  MG_ASSIGN_OR_RETURN(std::string fingerprint,
                      store::RequestFingerprint("POST", path, EventFingerprintBody(event)));
  MG_ASSIGN_OR_RETURN(
      store::IdempotencyBegin begin,
      context.store().BeginIdempotent(std::string(store::kWebhookScopePrefix) + provider,
                                      event.event_id, fingerprint, context.NowMillis()));
  switch (begin.outcome) {
    case store::IdempotencyOutcome::kReplay:
    case store::IdempotencyOutcome::kConflict:  // same id, other content: the first one stands
      ++tally.duplicates;
      return Status::Ok();
    case store::IdempotencyOutcome::kInProgress:
      return Status(ErrorCode::kUnavailable,
                    "event '" + event.event_id + "' is being applied by another call; retry");
    case store::IdempotencyOutcome::kNew:
      break;
  }
  Result<bool> applied = Apply(context, provider, kind, event, begin.lease);
  if (!applied.ok()) {
    Status released = context.store().ReleaseIdempotent(begin.lease);
    if (!released.ok()) {
      Log(LogLevel::kWarning,
          "webhook event " + event.event_id + " key not released: " + released.ToString());
    }
    return applied.status();
  }
  if (*applied) {
    ++tally.applied;
  } else {
    ++tally.ignored;
  }
  Status completed = context.store().CompleteIdempotent(begin.lease, store::StoredResponse{200, ""},
                                                        context.NowMillis());
  if (!completed.ok() && completed.code() != ErrorCode::kFailedPrecondition) return completed;
  return Status::Ok();
}

// An endpoint authenticated by mutual TLS accepts a call only from a
// connection whose client certificate the webhook listener verified, and,
// when the endpoint pins names, only from one that carries one of them.
// Nothing in the request itself (a header, a signature) can stand in for it.
std::optional<http::Response> RefuseClientCertificate(const std::string& provider,
                                                      const WebhookEndpoint& endpoint,
                                                      const http::Request& request) {
  const http::ClientCertificate* cert = request.client_certificate.get();
  if (cert == nullptr) {
    http::Response refused = CodedError(
        Status(ErrorCode::kUnauthenticated,
               "provider '" + provider +
                   "' authenticates its webhooks by mutual TLS, and this call came without a "
                   "verified client certificate: the PSP must call the webhook listener "
                   "(webhook_listen) with a certificate issued by its client_ca",
               "provider"),
        "client_certificate_required");
    // No bearer token would help: drop the table's challenge.
    std::erase_if(refused.headers, [](const auto& header) {
      return boost::beast::iequals(header.first, "WWW-Authenticate");
    });
    return refused;
  }
  const std::vector<std::string>& names = endpoint.auth.client_names;
  if (names.empty()) return std::nullopt;
  for (const std::string& name : names) {
    if (name == cert->common_name ||
        std::find(cert->dns_names.begin(), cert->dns_names.end(), name) != cert->dns_names.end()) {
      return std::nullopt;
    }
  }
  std::string allowed;
  for (const std::string& name : names) allowed += (allowed.empty() ? "" : ", ") + name;
  return CodedError(
      Status(ErrorCode::kPermissionDenied,
             "the client certificate '" + cert->subject + "' is not one provider '" + provider +
                 "' sends webhooks with (settings.webhook_client_names: " + allowed + ")",
             "provider"),
      "client_certificate_not_allowed");
}

Result<std::vector<WebhookEvent>> ReadEvents(const RouteContext& context,
                                             const WebhookEndpoint& endpoint,
                                             const http::Request& request) {
  if (endpoint.auth.auth != providers::WebhookAuth::kClientCertificate) {
    return VerifyWebhook(endpoint, request, context.Now(), context.config().webhook_tolerance);
  }
  if (endpoint.kind == nullptr || endpoint.kind->parse_webhook == nullptr) {
    return Status(ErrorCode::kNotFound, "no webhook parser for this provider's kind", "provider");
  }
  return endpoint.kind->parse_webhook(request.body);
}

}  // namespace

Result<http::Response> HandleWebhook(const RouteContext& context, const http::Request& request) {
  const std::string provider(request.PathParam("provider"));
  auto endpoint = context.config().webhooks.find(provider);
  if (endpoint == context.config().webhooks.end()) {
    return Status(ErrorCode::kNotFound, "no webhook endpoint for provider '" + provider + "'",
                  "provider");
  }
  if (endpoint->second.auth.auth == providers::WebhookAuth::kClientCertificate) {
    if (auto refused = RefuseClientCertificate(provider, endpoint->second, request)) {
      return *std::move(refused);
    }
  }
  MG_ASSIGN_OR_RETURN(std::vector<WebhookEvent> events,
                      ReadEvents(context, endpoint->second, request));
  Tally tally;
  for (const WebhookEvent& event : events) {
    Status received = Receive(context, provider, *endpoint->second.kind, event, tally);
    if (!received.ok()) {
      http::Response error = CodedError(received, "");
      if (received.code() == ErrorCode::kUnavailable) error.WithHeader("Retry-After", "1");
      return error;
    }
  }
  return http::JsonResponse(boost::json::object{{"received", events.size()},
                                                {"applied", tally.applied},
                                                {"duplicates", tally.duplicates},
                                                {"ignored", tally.ignored}});
}

}  // namespace mg::api
