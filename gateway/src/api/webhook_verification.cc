#include "webhook_verification.h"

#include "gateway/providers/adyen/adyen_webhook.h"
#include "gateway/providers/pix/pix_webhook.h"
#include "gateway/providers/stripe/stripe_webhook.h"

namespace mg::api {
namespace {

using providers::WebhookEvent;

constexpr std::string_view kStripeSignatureHeader = "Stripe-Signature";
constexpr std::string_view kSandboxSignatureHeader = "X-Sandbox-Signature";

// The verifiers say kInvalidArgument for a malformed signature header too;
// to the caller any signature problem is a 401.
Status AsSignatureError(const Status& status, std::string_view header) {
  if (status.code() == ErrorCode::kUnauthenticated) return status;
  return Status(ErrorCode::kUnauthenticated, "bad webhook signature: " + status.message(),
                std::string(header));
}

}  // namespace

Result<std::vector<WebhookEvent>> VerifyWebhook(const WebhookEndpoint& endpoint,
                                                const http::Request& request,
                                                std::chrono::system_clock::time_point now,
                                                std::chrono::seconds tolerance) {
  if (endpoint.secret.empty()) {
    return Status(ErrorCode::kUnauthenticated,
                  "this webhook endpoint has no signing secret configured; every call is refused");
  }
  if (endpoint.kind == "stripe" || endpoint.kind == "pix") {
    const std::string_view header =
        endpoint.kind == "stripe" ? kStripeSignatureHeader : kSandboxSignatureHeader;
    Status verified = providers::stripe::VerifySignature(request.body, request.Header(header),
                                                         endpoint.secret, now, tolerance);
    if (!verified.ok()) return AsSignatureError(verified, header);
    if (endpoint.kind == "pix") return providers::pix::ParseWebhook(request.body);
    MG_ASSIGN_OR_RETURN(WebhookEvent event, providers::stripe::ParseEvent(request.body));
    return std::vector<WebhookEvent>{std::move(event)};
  }
  if (endpoint.kind == "adyen") {
    // Parse first, so that a body that is not a notification is a 400.
    MG_RETURN_IF_ERROR(providers::adyen::ParseNotification(request.body).status());
    Result<std::vector<WebhookEvent>> events =
        providers::adyen::VerifyAndParse(request.body, endpoint.secret);
    if (!events.ok()) return AsSignatureError(events.status(), "hmacSignature");
    return events;
  }
  return Status(ErrorCode::kNotFound,
                "no webhook verifier for provider kind '" + endpoint.kind + "'", "provider");
}

bool DecidesPayment(const WebhookEvent& event) {
  if (event.provider_reference.empty()) return false;
  const std::string& type = event.event_type;
  if (type == "charge.succeeded" || type == "charge.captured" || type == "charge.failed") {
    return true;
  }
  return type == "AUTHORISATION" || type == "pix";
}

}  // namespace mg::api
