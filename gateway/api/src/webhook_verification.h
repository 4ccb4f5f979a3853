// Checks a provider's webhook call with its endpoint's kind and secret, and
// reads its events. The kind (gateway/providers/<kind>/<kind>_kind.cc) says
// where the signature travels and how it is checked; this file names none.
//
// Errors: kUnauthenticated (401) for a missing, wrong or stale signature and
// for an endpoint without a secret; kInvalidArgument (400) for a signed body
// that is not the provider's event format; kNotFound for a kind that sends
// no webhooks.
#pragma once

#include <chrono>
#include <vector>

#include "base/status.h"
#include "gateway/api/routes.h"
#include "gateway/http/request.h"
#include "gateway/providers/webhook_event.h"

namespace mg::api {

Result<std::vector<providers::WebhookEvent>> VerifyWebhook(
    const WebhookEndpoint& endpoint, const http::Request& request,
    std::chrono::system_clock::time_point now, std::chrono::seconds tolerance);

}  // namespace mg::api
