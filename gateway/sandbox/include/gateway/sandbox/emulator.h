// The sandbox's request handlers ("emulators") are pure functions of a
// request and the shared ledger: they touch no socket (the server does).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/secret.h"
#include "gateway/sandbox/sandbox_ledger.h"

namespace mg::sandbox {

struct SandboxRequest {
  std::string method;                          // "POST"
  std::string path;                            // without the provider prefix: "/v1/charges"
  std::string query;                           // encoded, without '?'
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct SandboxResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The server waits this long before answering (the timeout scenario).
  std::chrono::milliseconds delay{0};
};

struct Webhook {
  std::chrono::steady_clock::time_point due;
  std::string path;  // appended to the configured webhook URL: "/stripe", "/adyen", "/pix"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct EmulatorConfig {
  std::string public_base_url;  // "http://127.0.0.1:PORT", for URLs handed out
  std::chrono::milliseconds timeout_delay{35000};
  std::chrono::seconds pix_settle_after{2};
  std::string pix_static_token = "sandbox-pix-token";
  Secret stripe_webhook_secret;
  Secret adyen_hmac_key;  // hex
  Secret pix_webhook_secret;
  std::string adyen_merchant_account = "MarketgateSandbox";
};

// Schedules an outgoing webhook (only when a webhook URL is configured).
using WebhookSink = std::function<void(Webhook)>;

struct EmulatorContext {
  const EmulatorConfig& config;
  Ledger& ledger;
  const WebhookSink& send_webhook;
};

SandboxResponse HandleStripe(const SandboxRequest& request, EmulatorContext& ctx);
SandboxResponse HandleAdyen(const SandboxRequest& request, EmulatorContext& ctx);
SandboxResponse HandlePix(const SandboxRequest& request, EmulatorContext& ctx);
// Settles Pix charges whose time has come; returns how many were paid.
int SettleDuePix(EmulatorContext& ctx, std::chrono::steady_clock::time_point now);

SandboxResponse JsonResponse(int status, std::string body);

}  // namespace mg::sandbox
