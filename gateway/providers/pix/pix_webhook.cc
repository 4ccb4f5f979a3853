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

Result<WebhookAuthPolicy> WebhookAuthOf(const ProviderConfig& config) {
  const std::string field = "providers." + config.id + ".";
  auto setting = config.settings.find("webhook_auth");
  const std::string mode = setting == config.settings.end() ? "mtls" : setting->second;
  const bool has_secret = config.secrets.contains("webhook_secret");
  auto names = config.settings.find("webhook_client_names");
  if (mode == "sandbox_signature") {
    if (!has_secret) {
      return InvalidArgument(
          "webhook_auth sandbox_signature needs secrets.webhook_secret (the sandbox's "
          "--pix-webhook-secret)",
          field + "settings.webhook_auth");
    }
    if (names != config.settings.end()) {
      return InvalidArgument(
          "webhook_client_names pins a client certificate: only with "
          "webhook_auth mtls",
          field + "settings.webhook_client_names");
    }
    return WebhookAuthPolicy{WebhookAuth::kSignature, {}};
  }
  if (mode != "mtls") {
    return InvalidArgument("unknown webhook_auth '" + mode + "' (known: mtls, sandbox_signature)",
                           field + "settings.webhook_auth");
  }
  if (has_secret) {
    return InvalidArgument(
        "webhook_secret only checks marketgate-sandbox's signature, and this instance's "
        "webhooks are authenticated by mutual TLS (settings.webhook_auth: mtls, the default, "
        "as real API Pix PSPs send them): remove it, or set webhook_auth: sandbox_signature "
        "when base_url is the sandbox",
        field + "secrets.webhook_secret");
  }
  WebhookAuthPolicy policy{WebhookAuth::kClientCertificate, {}};
  if (names != config.settings.end()) {
    std::string_view rest = names->second;
    while (true) {
      std::size_t comma = rest.find(',');
      std::string_view name = rest.substr(0, comma);
      while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
      while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
      if (name.empty()) {
        return InvalidArgument(
            "webhook_client_names: expected comma-separated names, found an "
            "empty one",
            field + "settings.webhook_client_names");
      }
      policy.client_names.emplace_back(name);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return policy;
}

}  // namespace mg::providers::pix
