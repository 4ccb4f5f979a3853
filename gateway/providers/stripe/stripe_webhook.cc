#include "stripe/stripe_webhook.h"

#include <charconv>
#include <vector>

#include "base/crypto.h"
#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"
#include "stripe/stripe_intents.h"
#include "stripe/stripe_transformers.h"

namespace mg::providers::stripe {
namespace {

namespace jf = json_fields;

mg::Status Unauthenticated(std::string message) {
  return mg::Status(ErrorCode::kUnauthenticated, std::move(message), "Stripe-Signature");
}

}  // namespace

std::string SignPayload(std::string_view payload, const Secret& secret, int64_t timestamp) {
  std::string t = std::to_string(timestamp);
  std::string signed_payload = t + "." + std::string(payload);
  return "t=" + t + ",v1=" + HexEncode(HmacSha256(secret.reveal(), signed_payload));
}

mg::Status VerifySignature(std::string_view payload, std::string_view header, const Secret& secret,
                           std::chrono::system_clock::time_point now,
                           std::chrono::seconds tolerance) {
  if (secret.empty()) return Unauthenticated("no webhook secret configured");
  std::string_view timestamp;
  std::vector<std::string_view> signatures;
  while (!header.empty()) {
    std::size_t comma = header.find(',');
    std::string_view part = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = part.substr(0, eq), value = part.substr(eq + 1);
    if (key == "t") timestamp = value;
    if (key == "v1") signatures.push_back(value);
  }
  int64_t t = 0;
  auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), t);
  if (timestamp.empty() || ec != std::errc() || end != timestamp.data() + timestamp.size()) {
    return Unauthenticated("signature header has no timestamp");
  }
  if (signatures.empty()) return Unauthenticated("signature header has no v1 signature");
  std::string expected =
      HexEncode(HmacSha256(secret.reveal(), std::string(timestamp) + "." + std::string(payload)));
  bool match = false;
  for (std::string_view sig : signatures) match = ConstantTimeEquals(sig, expected) || match;
  if (!match) return Unauthenticated("signature mismatch");
  int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (now_s - t > tolerance.count() || t - now_s > tolerance.count()) {
    return Unauthenticated("timestamp outside the tolerance window");
  }
  return mg::Status::Ok();
}

namespace {

// The payment an object (charge, dispute) belongs to, by the reference our
// store holds: its `payment_intent` (an id, or the object when expanded),
// else its `id_field`.
std::string PaymentOf(const boost::json::object& object, std::string_view id_field) {
  std::string intent = jf::String(object, "payment_intent");
  if (intent.empty()) {
    if (const boost::json::object* pi = jf::Object(object, "payment_intent")) {
      intent = jf::String(*pi, "id");
    }
  }
  return intent.empty() ? jf::String(object, id_field) : intent;
}

// A PaymentIntent's event: succeeded (captured) -> approved;
// amount_capturable_updated (authorized, not captured: marketgate keeps only
// captured money) -> pending; payment_failed -> declined, from
// last_payment_error; canceled -> declined; requires_action -> requires
// action; processing and the rest -> pending.
WebhookEvent IntentEvent(WebhookEvent e, const boost::json::object& intent) {
  e.provider_reference = jf::String(intent, "id");
  if (const boost::json::object* meta = jf::Object(intent, "metadata")) {
    e.merchant_reference = jf::String(*meta, "mg_purchase_id");
  }
  if (e.event_type == "payment_intent.succeeded") {
    e.outcome = Outcome::kApproved;
  } else if (e.event_type == "payment_intent.payment_failed") {
    e.outcome = Outcome::kDeclined;
    const boost::json::object* error = jf::Object(intent, "last_payment_error");
    e.decline_reason =
        error ? MapDeclineCode(jf::String(*error, "decline_code"), jf::String(*error, "code"))
              : DeclineReason::kOther;
  } else if (e.event_type == "payment_intent.canceled") {
    e.outcome = Outcome::kDeclined;
    e.decline_reason = DeclineReason::kOther;
  } else if (e.event_type == "payment_intent.requires_action") {
    e.outcome = Outcome::kRequiresAction;
  }
  const std::string currency = UpperCurrency(jf::String(intent, "currency"));
  if (std::optional<int64_t> amount = jf::Int(intent, "amount"); amount && !currency.empty()) {
    Result<Money> money = FromProviderUnits(*amount, currency, StripeDigits(currency));
    if (money.ok()) e.amount = *money;
  }
  return e;
}

// A Refund object's event (refund.created, refund.updated, refund.failed):
// succeeded -> approved; failed or canceled -> declined; pending and
// requires_action -> pending. Our refund's id travels as metadata.
WebhookEvent RefundEvent(WebhookEvent e, const boost::json::object& refund) {
  e.provider_reference = jf::String(refund, "id");
  if (const boost::json::object* meta = jf::Object(refund, "metadata")) {
    e.merchant_reference = jf::String(*meta, "mg_refund_id");
  }
  const std::string status = jf::String(refund, "status");
  if (status == "succeeded") {
    e.outcome = Outcome::kApproved;
  } else if (status == "failed" || status == "canceled") {
    e.outcome = Outcome::kDeclined;
    e.decline_reason = DeclineReason::kOther;
  }
  return e;
}

// A Dispute object's event. Only the two that move money decide anything:
// charge.dispute.funds_withdrawn (the disputed amount left the balance: a
// chargeback) and charge.dispute.funds_reinstated (it came back: the
// dispute was won). The others (created, updated, closed) stay pending.
WebhookEvent DisputeEvent(WebhookEvent e, const boost::json::object& dispute) {
  e.provider_reference = jf::String(dispute, "id");
  // The payment our store knows: its PaymentIntent (a string unless
  // expanded), else the charge of a payment made before PaymentIntents.
  e.disputed_reference = PaymentOf(dispute, "charge");
  if (e.event_type == "charge.dispute.funds_withdrawn") {
    e.outcome = Outcome::kApproved;
  } else if (e.event_type == "charge.dispute.funds_reinstated") {
    e.outcome = Outcome::kDeclined;
    e.decline_reason = DeclineReason::kOther;
  }
  const std::string currency = UpperCurrency(jf::String(dispute, "currency"));
  if (std::optional<int64_t> amount = jf::Int(dispute, "amount"); amount && !currency.empty()) {
    Result<Money> money = FromProviderUnits(*amount, currency, StripeDigits(currency));
    if (money.ok()) e.amount = *money;
  }
  return e;
}

// A Payout object's event, from a connected account (Connect): our payout
// id travels as metadata[payout_id] (stripe_payouts.h). paid -> approved;
// failed, canceled -> declined; anything else (payout.created, updated)
// pending.
WebhookEvent PayoutEvent(WebhookEvent e, const boost::json::object& payout) {
  e.provider_reference = jf::String(payout, "id");
  if (const boost::json::object* meta = jf::Object(payout, "metadata")) {
    e.merchant_reference = jf::String(*meta, "payout_id");
  }
  const std::string status = jf::String(payout, "status");
  if (status == "paid") {
    e.outcome = Outcome::kApproved;
  } else if (status == "failed" || status == "canceled") {
    e.outcome = Outcome::kDeclined;
    e.decline_reason = DeclineReason::kOther;
  }
  return e;
}

}  // namespace

Result<WebhookEvent> ParseEvent(std::string_view payload) {
  std::optional<boost::json::value> body = jf::Parse(payload);
  const boost::json::object* obj = jf::Object(body ? &*body : nullptr);
  if (obj == nullptr || jf::String(*obj, "object") != "event") {
    return InvalidArgument("not a Stripe event", "payload");
  }
  WebhookEvent e;
  e.provider = "stripe";
  e.event_id = jf::String(*obj, "id");
  e.event_type = jf::String(*obj, "type");
  if (e.event_id.empty()) return InvalidArgument("Stripe event without id", "payload");
  const boost::json::object* data = jf::Object(*obj, "data");
  const boost::json::object* charge = data ? jf::Object(*data, "object") : nullptr;
  if (charge != nullptr && jf::String(*charge, "object") == "refund") {
    return RefundEvent(std::move(e), *charge);
  }
  if (charge != nullptr && jf::String(*charge, "object") == "dispute") {
    return DisputeEvent(std::move(e), *charge);
  }
  if (charge != nullptr && jf::String(*charge, "object") == "payout") {
    return PayoutEvent(std::move(e), *charge);
  }
  if (charge != nullptr && jf::String(*charge, "object") == "payment_intent") {
    return IntentEvent(std::move(e), *charge);
  }
  if (charge != nullptr) {
    e.provider_reference = PaymentOf(*charge, "id");
    if (const boost::json::object* meta = jf::Object(*charge, "metadata")) {
      e.merchant_reference = jf::String(*meta, "mg_purchase_id");
    }
  }
  if (charge != nullptr) e.authentication = ChargeAuthentication(*charge);
  // Under capture_method=manual a charge "succeeds" when it is authorized
  // (captured: false): money is only taken once it is captured.
  const bool uncaptured = charge != nullptr && jf::Bool(*charge, "captured") == false;
  if ((e.event_type == "charge.succeeded" && !uncaptured) || e.event_type == "charge.captured" ||
      e.event_type == "charge.refunded") {
    e.outcome = Outcome::kApproved;
  } else if (e.event_type == "charge.failed") {
    e.outcome = Outcome::kDeclined;
    std::string code = charge ? jf::String(*charge, "failure_code") : "";
    const boost::json::object* outcome = charge ? jf::Object(*charge, "outcome") : nullptr;
    e.decline_reason = MapDeclineCode(outcome ? jf::String(*outcome, "reason") : "", code);
  }
  return e;
}

Result<WebhookEvent> VerifyAndParse(std::string_view payload, std::string_view signature_header,
                                    const Secret& secret, std::chrono::system_clock::time_point now,
                                    std::chrono::seconds tolerance) {
  MG_RETURN_IF_ERROR(VerifySignature(payload, signature_header, secret, now, tolerance));
  return ParseEvent(payload);
}

}  // namespace mg::providers::stripe
