#include "emulator_util.h"

#include <charconv>
#include <chrono>
#include <ctime>

#include "base/utc_time.h"
#include "gateway/providers/provider_http.h"
#include "pix/pix_transformers.h"
#include "stripe/stripe_webhook.h"

namespace mg::sandbox {

using providers::SandboxScenario;

int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Rfc3339(int64_t unix_seconds) {
  return FormatIsoUtc(
      std::chrono::system_clock::from_time_t(static_cast<std::time_t>(unix_seconds)));
}

std::optional<int64_t> ParseRfc3339(std::string_view text) {
  std::optional<std::chrono::sys_seconds> t = providers::pix::ParseRfc3339(text);
  if (!t) return std::nullopt;
  return t->time_since_epoch().count();
}

std::map<std::string, std::string> ParseForm(const std::string& body) {
  std::map<std::string, std::string> out;
  for (auto& [key, value] : providers::FormDecode(body)) out[key] = value;
  return out;
}

std::optional<int64_t> ParseCount(const std::string& text) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < 0) {
    return std::nullopt;
  }
  return n;
}

bool NamesTransportOutcome(SandboxScenario s) {
  switch (s) {
    case SandboxScenario::kTimeout:
    case SandboxScenario::kServerError:
    case SandboxScenario::kRateLimited:
    case SandboxScenario::kInvalidRequest:
    case SandboxScenario::kChargeThen502:
    case SandboxScenario::kChargeThenDrop:
    case SandboxScenario::kInProgress409:
      return true;
    default:
      return false;
  }
}

bool NamesRefundOutcome(SandboxScenario s) {
  return s == SandboxScenario::kRefundFails || s == SandboxScenario::kRefundPending;
}

SandboxResponse::Fault ChargeFaultFor(std::optional<SandboxScenario> s, ChargeFault random) {
  using Fault = SandboxResponse::Fault;
  if (s == SandboxScenario::kChargeThen502) return Fault::kBadGateway;
  if (s == SandboxScenario::kChargeThenDrop) return Fault::kDrop;
  if (s == SandboxScenario::kInProgress409) return Fault::kInProgress;
  if (random == ChargeFault::kBadGateway) return Fault::kBadGateway;
  if (random == ChargeFault::kDrop) return Fault::kDrop;
  if (random == ChargeFault::kInProgress) return Fault::kInProgress;
  return Fault::kNone;
}

void SignLikeStripe(Webhook& hook, const std::string& header, const Secret& secret) {
  if (secret.empty()) return;
  hook.headers.emplace_back(header, providers::stripe::SignPayload(hook.body, secret, UnixNow()));
}

SandboxResponse JsonResponse(int status, std::string body) {
  SandboxResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

SandboxResponse BadGatewayResponse() {
  SandboxResponse r;
  r.status = 502;
  r.content_type = "text/html";
  r.body =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
      "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
      "</body>\r\n</html>\r\n";
  return r;
}

}  // namespace mg::sandbox
