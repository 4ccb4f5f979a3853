#include "webhook_route.h"

#include <boost/json/serialize.hpp>

#include "api_errors.h"
#include "base/log.h"
#include "gateway/http/response.h"
#include "gateway/store/request_fingerprint.h"
#include "purchase_settlement.h"
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

// The final state an event's outcome decides; nullopt when it decides none.
std::optional<PurchaseState> DecidedState(const WebhookEvent& event) {
  if (event.outcome == Outcome::kApproved) return PurchaseState::kSucceeded;
  if (event.outcome == Outcome::kDeclined) return PurchaseState::kFailed;
  return std::nullopt;
}

// True when the event names an amount other than the purchase's: such an
// event must not settle it (a partial Pix, a tampered sandbox).
bool AmountDisagrees(const WebhookEvent& event, const store::Purchase& purchase) {
  return event.amount && (event.amount->minor_units() != purchase.total_minor ||
                          event.amount->currency().str() != purchase.currency);
}

// Applies one event while holding its key. Returns whether it moved the purchase.
Result<bool> Apply(const RouteContext& context, const std::string& provider,
                   const WebhookEvent& event, const store::IdempotencyLease& lease) {
  Result<store::Purchase> purchase =
      context.store().FindPurchaseByProviderReference(provider, event.provider_reference);
  if (!purchase.ok()) {
    if (purchase.status().code() != ErrorCode::kNotFound) return purchase.status();
    return Status(ErrorCode::kNotFound,
                  "no purchase with " + provider + " reference '" + event.provider_reference + "'",
                  "provider_reference");
  }
  std::optional<PurchaseState> to = DecidedState(event);
  if (!to) return false;
  if (*to == PurchaseState::kSucceeded && AmountDisagrees(event, *purchase)) {
    Log(LogLevel::kError, "purchase=" + purchase->id + " " + provider + " event " + event.event_id +
                              " paid " + event.amount->DebugString() +
                              ", not the purchase's total");
    return false;
  }
  MG_ASSIGN_OR_RETURN(
      Settlement settled,
      SettlePurchase(context, *purchase, {PurchaseState::kPending, PurchaseState::kRequiresAction},
                     *to, event.provider_reference, &lease));
  return settled.moved;
}

// One event, deduplicated by its id. Errors leave the event unremembered
// (the key is released or left to expire), so that a redelivery applies it.
Status Receive(const RouteContext& context, const std::string& provider,
               const providers::ProviderKind& kind, const WebhookEvent& event, Tally& tally) {
  if (!kind.DecidesPayment(event)) {
    ++tally.ignored;
    return Status::Ok();
  }
  const std::string path = "/v1/webhooks/" + provider;
  MG_ASSIGN_OR_RETURN(std::string fingerprint,
                      store::RequestFingerprint("POST", path, EventFingerprintBody(event)));
  MG_ASSIGN_OR_RETURN(store::IdempotencyBegin begin,
                      context.store().BeginIdempotent("webhook:" + provider, event.event_id,
                                                      fingerprint, context.NowMillis()));
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
  Result<bool> applied = Apply(context, provider, event, begin.lease);
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

}  // namespace

Result<http::Response> HandleWebhook(const RouteContext& context, const http::Request& request) {
  const std::string provider(request.PathParam("provider"));
  auto endpoint = context.config().webhooks.find(provider);
  if (endpoint == context.config().webhooks.end()) {
    return Status(ErrorCode::kNotFound, "no webhook endpoint for provider '" + provider + "'",
                  "provider");
  }
  MG_ASSIGN_OR_RETURN(
      std::vector<WebhookEvent> events,
      VerifyWebhook(endpoint->second, request, context.Now(), context.config().webhook_tolerance));
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
