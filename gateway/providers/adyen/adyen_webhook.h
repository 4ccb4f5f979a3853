// Adyen standard webhook (notification) verification and parsing. Each
// NotificationRequestItem carries additionalData.hmacSignature: base64 of
// HMAC-SHA256, keyed with the hex-decoded HMAC key, over
//   pspReference:originalReference:merchantAccountCode:merchantReference:
//   value:currency:eventCode:success
// (empty fields stay empty between the colons).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/secret.h"
#include "base/status.h"
#include "gateway/providers/webhook_event.h"

namespace mg::providers::adyen {

struct NotificationItem {
  std::string psp_reference;
  std::string original_reference;
  std::string merchant_account;
  std::string merchant_reference;
  int64_t value = 0;
  std::string currency;
  std::string event_code;
  std::string success;  // "true" / "false", signed as text
  std::string reason;
  std::string hmac_signature;
};

std::string SigningString(const NotificationItem& item);
// Base64 HMAC for `item`; kInvalidArgument when the key is not hex.
Result<std::string> ComputeHmac(const NotificationItem& item, const Secret& hex_key);

// Reads every item of a notification body ({"notificationItems": [...]}).
Result<std::vector<NotificationItem>> ParseNotification(std::string_view body);

// Verifies every item's signature and maps it: AUTHORISATION success ->
// approved, failure -> declined; CAPTURE / REFUND / CANCELLATION success ->
// approved, failure -> declined; anything else -> pending. The event id is
// "<pspReference>:<eventCode>:<success>" (Adyen's own dedup rule).
// kUnauthenticated when any item's signature is wrong.
Result<std::vector<WebhookEvent>> VerifyAndParse(std::string_view body, const Secret& hex_key);

}  // namespace mg::providers::adyen
