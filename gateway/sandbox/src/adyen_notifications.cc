// Adyen's error shape, pspReferences and standard notifications (HMAC
// signed per item, as adyen/adyen_webhook.h verifies them).
#include <boost/json.hpp>

#include "adyen/adyen_webhook.h"
#include "adyen_internal.h"
#include "emulator_util.h"

namespace mg::sandbox::adyen_emulator {

namespace json = boost::json;

SandboxResponse Error(int status, const std::string& code, const std::string& type,
                      const std::string& message) {
  return JsonResponse(
      status,
      json::serialize(json::object{
          {"status", status}, {"errorCode", code}, {"message", message}, {"errorType", type}}));
}

SandboxResponse InProgress() {
  return Error(409, "704", "validation", "request already processed or in progress");
}

std::string PspReference(EmulatorContext& ctx) {
  std::string seq = std::to_string(ctx.ledger.NextSequence());
  return "88150000" + std::string(8 - std::min<std::size_t>(8, seq.size()), '0') + seq;
}

void SendNotification(EmulatorContext& ctx, const Notification& n, const std::string& payment) {
  if (!ctx.send_webhook || ctx.config.adyen_hmac_key.empty()) return;
  providers::adyen::NotificationItem item;
  item.psp_reference = n.psp_reference;
  item.original_reference = n.original_reference;
  item.merchant_account = ctx.config.adyen_merchant_account;
  item.merchant_reference = n.merchant_reference;
  item.value = n.value;
  item.currency = n.currency;
  item.event_code = n.event_code;
  item.success = n.success ? "true" : "false";
  Result<std::string> hmac = providers::adyen::ComputeHmac(item, ctx.config.adyen_hmac_key);
  if (!hmac.ok()) return;
  json::object nri{{"additionalData", json::object{{"hmacSignature", *hmac}}},
                   {"amount", json::object{{"currency", item.currency}, {"value", item.value}}},
                   {"eventCode", item.event_code},
                   {"eventDate", Rfc3339(UnixNow())},
                   {"merchantAccountCode", item.merchant_account},
                   {"merchantReference", item.merchant_reference},
                   {"originalReference", item.original_reference},
                   {"pspReference", item.psp_reference},
                   {"success", item.success}};
  if (!n.reason.empty()) nri["reason"] = n.reason;
  Webhook hook;
  hook.due = std::chrono::steady_clock::now();
  hook.path = "/adyen";
  hook.group = payment;
  hook.label = "adyen " + n.event_code + " " + payment;
  hook.body = json::serialize(json::object{
      {"live", "false"},
      {"notificationItems", json::array{json::object{{"NotificationRequestItem", nri}}}}});
  ctx.send_webhook(std::move(hook));
}

}  // namespace mg::sandbox::adyen_emulator
