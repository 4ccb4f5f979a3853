// The sandbox's request handlers ("emulators") are functions of a request,
// the shared ledger and the fault injector: they touch no socket (the
// server does).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/secret.h"
#include "gateway/sandbox/fault_injector.h"
#include "gateway/sandbox/payout_book.h"
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
  // A fault after the provider acted: the answer above is stored for the
  // idempotency key, and the client gets instead a proxy's 502, the
  // provider's 409 "in progress", or no answer at all (the connection is
  // closed). The provider handlers turn kBadGateway and kInProgress into
  // answers; the server carries out kDrop.
  enum class Fault { kNone, kBadGateway, kInProgress, kDrop };
  Fault fault = Fault::kNone;
};

struct Webhook {
  std::chrono::steady_clock::time_point due;
  std::string path;  // appended to the configured webhook URL: "/stripe", "/adyen", "/pix"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The payment it is about (charge id, payment pspReference, txid): the
  // "reorder" fault swaps webhooks of the same payment.
  std::string group;
  std::string label;   // for the fault log: "stripe charge.succeeded ch_sbx_1"
  int deliveries = 0;  // failed delivery attempts so far
};

struct EmulatorConfig {
  std::string public_base_url;  // "http://127.0.0.1:PORT", for URLs handed out
  std::chrono::milliseconds timeout_delay{35000};
  // A Pix is paid, and a pending refund (at any provider) settles, this
  // long after it was made.
  std::chrono::seconds pix_settle_after{2};
  std::string pix_static_token = "sandbox-pix-token";
  Secret stripe_webhook_secret;
  Secret adyen_hmac_key;  // hex
  Secret pix_webhook_secret;
  std::string adyen_merchant_account = "MarketgateSandbox";
  // Bounds of the ledger (charges), of the stored idempotency answers, and
  // of the payout book.
  std::size_t max_charges = 100000;
};

// Schedules an outgoing webhook (only when a webhook URL is configured).
using WebhookSink = std::function<void(Webhook)>;

struct EmulatorContext {
  const EmulatorConfig& config;
  Ledger& ledger;
  const WebhookSink& send_webhook;
  FaultInjector& faults;
  PayoutBook& payouts;
};

SandboxResponse HandleStripe(const SandboxRequest& request, EmulatorContext& ctx);
SandboxResponse HandleAdyen(const SandboxRequest& request, EmulatorContext& ctx);
SandboxResponse HandlePix(const SandboxRequest& request, EmulatorContext& ctx);
// Runs what has come due: pays Pix charges, settles pending refunds (and
// sends their webhooks). Returns how many tasks ran.
int SettleDue(EmulatorContext& ctx, std::chrono::steady_clock::time_point now);

SandboxResponse JsonResponse(int status, std::string body);
// What a proxy in front of the provider answers when the provider's answer
// is lost: 502 with an HTML body.
SandboxResponse BadGatewayResponse();

}  // namespace mg::sandbox
