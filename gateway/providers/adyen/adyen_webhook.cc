#include "adyen/adyen_webhook.h"

#include "adyen/adyen_transformers.h"
#include "base/crypto.h"
#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"

namespace mg::providers::adyen {
namespace {

namespace jf = json_fields;

}  // namespace

std::string SigningString(const NotificationItem& item) {
  return item.psp_reference + ":" + item.original_reference + ":" + item.merchant_account + ":" +
         item.merchant_reference + ":" + std::to_string(item.value) + ":" + item.currency + ":" +
         item.event_code + ":" + item.success;
}

Result<std::string> ComputeHmac(const NotificationItem& item, const Secret& hex_key) {
  std::optional<std::string> key = HexDecode(hex_key.reveal());
  if (!key || key->empty()) return InvalidArgument("Adyen HMAC key must be hex", "hmac_key");
  return Base64Encode(HmacSha256(*key, SigningString(item)));
}

Result<std::vector<NotificationItem>> ParseNotification(std::string_view body) {
  std::optional<boost::json::value> doc = jf::Parse(body);
  const boost::json::object* obj = jf::Object(doc ? &*doc : nullptr);
  const boost::json::array* items = obj ? jf::Array(*obj, "notificationItems") : nullptr;
  if (items == nullptr) return InvalidArgument("not an Adyen notification", "payload");
  std::vector<NotificationItem> out;
  for (const boost::json::value& wrapper : *items) {
    const boost::json::object* w = wrapper.if_object();
    const boost::json::object* it = w ? jf::Object(*w, "NotificationRequestItem") : nullptr;
    if (it == nullptr) return InvalidArgument("malformed notification item", "payload");
    NotificationItem item;
    item.psp_reference = jf::String(*it, "pspReference");
    item.original_reference = jf::String(*it, "originalReference");
    item.merchant_account = jf::String(*it, "merchantAccountCode");
    item.merchant_reference = jf::String(*it, "merchantReference");
    item.event_code = jf::String(*it, "eventCode");
    item.success = jf::String(*it, "success");
    item.reason = jf::String(*it, "reason");
    if (const boost::json::object* amount = jf::Object(*it, "amount")) {
      item.value = jf::Int(*amount, "value").value_or(0);
      item.currency = jf::String(*amount, "currency");
    }
    if (const boost::json::object* extra = jf::Object(*it, "additionalData")) {
      item.hmac_signature = jf::String(*extra, "hmacSignature");
    }
    out.push_back(std::move(item));
  }
  return out;
}

Result<std::vector<WebhookEvent>> VerifyAndParse(std::string_view body, const Secret& hex_key) {
  MG_ASSIGN_OR_RETURN(std::vector<NotificationItem> items, ParseNotification(body));
  std::vector<WebhookEvent> events;
  for (const NotificationItem& item : items) {
    MG_ASSIGN_OR_RETURN(std::string expected, ComputeHmac(item, hex_key));
    if (!ConstantTimeEquals(item.hmac_signature, expected)) {
      return mg::Status(ErrorCode::kUnauthenticated, "Adyen HMAC signature mismatch",
                        "hmacSignature");
    }
    WebhookEvent e;
    e.provider = "adyen";
    e.event_type = item.event_code;
    e.event_id = item.psp_reference + ":" + item.event_code + ":" + item.success;
    e.provider_reference = item.psp_reference;
    e.merchant_reference = item.merchant_reference;
    bool known = item.event_code == "AUTHORISATION" || item.event_code == "CAPTURE" ||
                 item.event_code == "REFUND" || item.event_code == "CANCELLATION";
    if (item.event_code == "CHARGEBACK" || item.event_code == "SECOND_CHARGEBACK" ||
        item.event_code == "CHARGEBACK_REVERSED") {
      // Dispute webhooks: pspReference is the dispute's, originalReference
      // the disputed payment's; the first two take the funds, the last one
      // gives them back (docs.adyen.com, "Dispute webhooks").
      e.disputed_reference = item.original_reference;
      e.outcome =
          item.event_code == "CHARGEBACK_REVERSED" ? Outcome::kDeclined : Outcome::kApproved;
    } else if (item.event_code == "REFUND_FAILED") {
      // The refund Adyen had accepted did not go through.
      e.outcome = Outcome::kDeclined;
      e.decline_reason = DeclineReason::kOther;
    } else if (known && item.success == "true") {
      e.outcome = Outcome::kApproved;
    } else if (known && item.success == "false") {
      e.outcome = Outcome::kDeclined;
      e.decline_reason = DeclineReason::kOther;
    }
    if (!item.currency.empty()) {
      Result<Money> amount =
          FromProviderUnits(item.value, item.currency, AdyenDigits(item.currency));
      if (amount.ok()) e.amount = *amount;
    }
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace mg::providers::adyen
