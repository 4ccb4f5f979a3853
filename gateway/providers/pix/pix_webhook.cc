#include "pix/pix_webhook.h"

#include "currency/currency_code.h"
#include "gateway/providers/json_fields.h"
#include "stripe/stripe_webhook.h"

namespace mg::providers::pix {
namespace {

namespace jf = json_fields;

// "12.34" -> 1234 centavos; nullopt when malformed.
std::optional<int64_t> ParseValor(std::string_view v) {
  std::size_t dot = v.find('.');
  if (dot == std::string_view::npos || v.size() - dot != 3 || dot == 0) return std::nullopt;
  int64_t out = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i == dot) continue;
    if (v[i] < '0' || v[i] > '9' || out > INT64_MAX / 10) return std::nullopt;
    out = out * 10 + (v[i] - '0');
  }
  return out;
}

// DEVOLVIDO -> approved, NAO_REALIZADO -> declined, anything else (EM_PROCESSAMENTO) ->
// pending. The reference is the devolução's id, which marketgate chose.
WebhookEvent RefundEvent(const std::string& end_to_end_id, const boost::json::object& refund) {
  WebhookEvent e;
  e.provider = "pix";
  e.event_type = "devolucao";
  e.provider_reference = jf::String(refund, "id");
  const std::string status = jf::String(refund, "status");
  e.event_id = end_to_end_id + ":" + e.provider_reference + ":" + status;
  e.outcome = status == "DEVOLVIDO"       ? Outcome::kApproved
              : status == "NAO_REALIZADO" ? Outcome::kDeclined
                                          : Outcome::kPending;
  if (std::optional<int64_t> cents = ParseValor(jf::String(refund, "valor"))) {
    e.amount = Money(*cents, *CurrencyCode::Parse("BRL"));
  }
  return e;
}

}  // namespace

Result<std::vector<WebhookEvent>> ParseWebhook(std::string_view payload) {
  std::optional<boost::json::value> doc = jf::Parse(payload);
  const boost::json::object* obj = jf::Object(doc ? &*doc : nullptr);
  const boost::json::array* pix = obj ? jf::Array(*obj, "pix") : nullptr;
  if (pix == nullptr) return InvalidArgument("not a Pix webhook", "payload");
  std::vector<WebhookEvent> events;
  for (const boost::json::value& v : *pix) {
    const boost::json::object* item = v.if_object();
    if (item == nullptr) return InvalidArgument("malformed Pix item", "payload");
    WebhookEvent e;
    e.provider = "pix";
    e.event_type = "pix";
    e.event_id = jf::String(*item, "endToEndId");
    e.provider_reference = jf::String(*item, "txid");
    if (e.event_id.empty()) return InvalidArgument("Pix item without endToEndId", "payload");
    e.outcome = e.provider_reference.empty() ? Outcome::kPending : Outcome::kApproved;
    if (std::optional<int64_t> cents = ParseValor(jf::String(*item, "valor"))) {
      e.amount = Money(*cents, *CurrencyCode::Parse("BRL"));
    }
    const std::string end_to_end = e.event_id;
    events.push_back(std::move(e));
    // The refunds (devoluções) of this Pix, each with its own status.
    if (const boost::json::array* refunds = jf::Array(*item, "devolucoes")) {
      for (const boost::json::value& r : *refunds) {
        const boost::json::object* refund = r.if_object();
        if (refund == nullptr) return InvalidArgument("malformed Pix devolucao", "payload");
        events.push_back(RefundEvent(end_to_end, *refund));
      }
    }
  }
  return events;
}

Result<std::vector<WebhookEvent>> VerifyAndParse(std::string_view payload,
                                                 std::string_view signature_header,
                                                 const Secret& secret,
                                                 std::chrono::system_clock::time_point now) {
  if (!secret.empty()) {
    MG_RETURN_IF_ERROR(stripe::VerifySignature(payload, signature_header, secret, now));
  }
  return ParseWebhook(payload);
}

}  // namespace mg::providers::pix
