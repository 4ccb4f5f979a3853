#include "stripe/stripe_webhook.h"

#include <charconv>
#include <vector>

#include "base/crypto.h"
#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"
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
  e.disputed_reference = jf::String(dispute, "charge");
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
  if (charge != nullptr) {
    e.provider_reference = jf::String(*charge, "id");
    if (const boost::json::object* meta = jf::Object(*charge, "metadata")) {
      e.merchant_reference = jf::String(*meta, "mg_purchase_id");
    }
  }
  if (e.event_type == "charge.succeeded" || e.event_type == "charge.captured" ||
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
