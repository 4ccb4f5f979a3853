#include "webhook_verification.h"

namespace mg::api {

Result<std::vector<providers::WebhookEvent>> VerifyWebhook(
    const WebhookEndpoint& endpoint, const http::Request& request,
    std::chrono::system_clock::time_point now, std::chrono::seconds tolerance) {
  if (endpoint.secret.empty()) {
    return Status(ErrorCode::kUnauthenticated,
                  "this webhook endpoint has no signing secret configured; every call is refused");
  }
  if (endpoint.kind == nullptr || endpoint.kind->verify_webhook == nullptr) {
    return Status(ErrorCode::kNotFound,
                  "no webhook verifier for provider kind '" +
                      (endpoint.kind ? endpoint.kind->name : std::string("?")) + "'",
                  "provider");
  }
  providers::WebhookCall call;
  call.body = request.body;
  if (!endpoint.kind->signature_header.empty()) {
    call.signature = request.Header(endpoint.kind->signature_header);
  }
  call.now = now;
  call.tolerance = tolerance;
  Result<std::vector<providers::WebhookEvent>> events =
      endpoint.kind->verify_webhook(call, endpoint.secret);
  if (events.ok() || events.status().code() != ErrorCode::kUnauthenticated ||
      endpoint.second_secret.empty()) {
    return events;
  }
  return endpoint.kind->verify_webhook(call, endpoint.second_secret);
}

}  // namespace mg::api
