#include "pix/pix_transformers.h"

#include <cctype>
#include <cstdio>
#include <span>

#include "base/crypto.h"
#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"

namespace mg::providers::pix {
namespace {

namespace jf = json_fields;
namespace json = boost::json;

outbound::HttpRequest JsonRequest(const char* method, std::string url, const json::object& body) {
  outbound::HttpRequest r;
  r.method = method;
  r.url = std::move(url);
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = json::serialize(body);
  return r;
}

// RFC 7807 problem: {type, title, status, detail}.
PaymentResult MapProblem(PaymentResult r, const outbound::HttpResponse& response,
                         const json::object* obj) {
  if (response.status == 404) {
    r.outcome = Outcome::kNotFound;
  } else {
    ApplyHttpStatus(r, response.status);
  }
  if (obj != nullptr) {
    std::string type = jf::String(*obj, "type");
    r.provider_code = type.substr(type.rfind('/') + 1);
    r.message = jf::String(*obj, "detail");
  }
  if (r.outcome == Outcome::kRetryableError) r.retry_after = RetryAfter(response);
  return r;
}

}  // namespace

std::string TxidFor(std::string_view idempotency_key) {
  // 32 hex digits: the first 16 bytes of the key's SHA-256.
  const Sha256Digest digest = Sha256(idempotency_key);
  return HexEncode(std::span<const unsigned char>(digest.data(), 16));
}

bool IsValidTxid(std::string_view txid) {
  if (txid.size() < 26 || txid.size() > 35) return false;
  for (char c : txid) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Result<std::string> FormatValor(const Money& amount) {
  if (amount.currency().view() != "BRL") {
    return InvalidArgument("Pix charges are in BRL only", "amount");
  }
  MG_ASSIGN_OR_RETURN(int64_t cents, ToProviderUnits(amount, 2));
  if (cents <= 0) return InvalidArgument("amount must be positive", "amount");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return std::string(buf);
}

Result<outbound::HttpRequest> BuildCreateCob(const PixAccount& account,
                                             const AuthorizeRequest& request) {
  MG_RETURN_IF_ERROR(ValidateAuthorizeRequest(request));
  MG_ASSIGN_OR_RETURN(std::string valor, FormatValor(request.amount));
  json::object body{{"calendario", json::object{{"expiracao", account.expiration_seconds}}},
                    {"valor", json::object{{"original", valor}}},
                    {"chave", account.pix_key}};
  const Payer& payer = request.payer;
  if (!payer.tax_id.empty() && !payer.name.empty()) {
    body["devedor"] = json::object{{payer.tax_id.size() == 14 ? "cnpj" : "cpf", payer.tax_id},
                                   {"nome", payer.name}};
  }
  // solicitacaoPagador is at most 140 characters.
  if (!request.description.empty()) body["solicitacaoPagador"] = request.description.substr(0, 140);
  return JsonRequest("PUT", account.base_url + "/cob/" + TxidFor(request.idempotency_key), body);
}

Result<outbound::HttpRequest> BuildGetCob(const PixAccount& account, std::string_view txid) {
  if (!IsValidTxid(txid)) return InvalidArgument("malformed txid", "provider_reference");
  outbound::HttpRequest r;
  r.url = account.base_url + "/cob/" + std::string(txid);
  return r;
}

Result<outbound::HttpRequest> BuildRemoveCob(const PixAccount& account, std::string_view txid) {
  if (!IsValidTxid(txid)) return InvalidArgument("malformed txid", "provider_reference");
  return JsonRequest("PATCH", account.base_url + "/cob/" + std::string(txid),
                     json::object{{"status", "REMOVIDA_PELO_USUARIO_RECEBEDOR"}});
}

Result<outbound::HttpRequest> BuildGetRefund(const PixAccount& account,
                                             std::string_view end_to_end_id,
                                             std::string_view refund_id) {
  if (end_to_end_id.empty() || end_to_end_id.size() > 32) {
    return InvalidArgument("malformed endToEndId", "payment_reference");
  }
  if (!IsValidTxid(refund_id) && refund_id.size() != 32) {
    return InvalidArgument("malformed devolucao id", "refund_reference");
  }
  outbound::HttpRequest r;
  r.method = "GET";
  r.url = account.base_url + "/pix/" + std::string(end_to_end_id) + "/devolucao/" +
          std::string(refund_id);
  return r;
}

Result<outbound::HttpRequest> BuildRefund(const PixAccount& account, std::string_view end_to_end_id,
                                          const RefundRequest& request) {
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  if (end_to_end_id.empty() || end_to_end_id.size() > 32) {
    return InvalidArgument("malformed endToEndId", "provider_reference");
  }
  MG_ASSIGN_OR_RETURN(std::string valor, FormatValor(request.amount));
  return JsonRequest("PUT",
                     account.base_url + "/pix/" + std::string(end_to_end_id) + "/devolucao/" +
                         TxidFor(request.idempotency_key),
                     json::object{{"valor", valor}});
}

PaymentResult MapCobResponse(std::string_view provider, const outbound::HttpResponse& response) {
  PaymentResult r = ResultOfAnswer(provider, response);
  std::optional<json::value> body = jf::Parse(response.body);
  const json::object* obj = jf::Object(body ? &*body : nullptr);
  if (response.status < 200 || response.status >= 300) return MapProblem(r, response, obj);
  r.outcome = Outcome::kPending;
  if (obj == nullptr) {
    r.message = "unreadable Pix response";
    return r;
  }
  r.provider_reference = jf::String(*obj, "txid");
  std::string status = jf::String(*obj, "status");
  r.provider_status = status;
  if (status == "CONCLUIDA") {
    r.outcome = Outcome::kApproved;
  } else if (status == "REMOVIDA_PELO_USUARIO_RECEBEDOR" || status == "REMOVIDA_PELO_PSP") {
    r.outcome = Outcome::kDeclined;
    r.decline_reason = DeclineReason::kOther;
    r.provider_code = status;
  } else {
    PendingInstructions pending;  // ATIVA and anything unknown
    pending.pix_copy_paste = jf::String(*obj, "pixCopiaECola");
    pending.location = jf::String(*obj, "location");
    if (const json::object* cal = jf::Object(*obj, "calendario")) {
      std::optional<std::chrono::sys_seconds> created = ParseRfc3339(jf::String(*cal, "criacao"));
      std::optional<int64_t> expiry = jf::Int(*cal, "expiracao");
      if (created && expiry) pending.expires_at = *created + std::chrono::seconds(*expiry);
    }
    r.pending = pending;
  }
  return r;
}

std::string PaidEndToEndId(const outbound::HttpResponse& cob_response) {
  std::optional<json::value> body = jf::Parse(cob_response.body);
  const json::object* obj = jf::Object(body ? &*body : nullptr);
  const json::array* pix = obj ? jf::Array(*obj, "pix") : nullptr;
  if (pix == nullptr || pix->empty() || !pix->front().is_object()) return "";
  return jf::String(pix->front().get_object(), "endToEndId");
}

PaymentResult MapRefundResponse(std::string_view provider, const outbound::HttpResponse& response) {
  PaymentResult r = ResultOfAnswer(provider, response);
  std::optional<json::value> body = jf::Parse(response.body);
  const json::object* obj = jf::Object(body ? &*body : nullptr);
  if (response.status < 200 || response.status >= 300) {
    r = MapProblem(r, response, obj);
    if (r.outcome == Outcome::kNotFound) r.outcome = Outcome::kFatalError;
    return r;
  }
  r.outcome = Outcome::kPending;
  if (obj == nullptr) return r;
  r.provider_reference = jf::String(*obj, "id");
  r.provider_status = jf::String(*obj, "status");
  if (r.provider_status == "DEVOLVIDO") {
    r.outcome = Outcome::kApproved;
  } else if (r.provider_status == "NAO_REALIZADO") {
    r.outcome = Outcome::kDeclined;
    r.decline_reason = DeclineReason::kOther;
    r.message = jf::String(*obj, "motivo");
  }
  return r;
}

std::optional<std::chrono::sys_seconds> ParseRfc3339(std::string_view text) {
  int y, mo, d, h, mi, s, n = 0;
  std::string t(text);
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6) {
    return std::nullopt;
  }
  std::size_t pos = static_cast<std::size_t>(n);
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    while (pos < t.size() && std::isdigit(static_cast<unsigned char>(t[pos]))) ++pos;
  }
  int offset_minutes = 0;
  if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
    int oh, om;
    if (std::sscanf(t.c_str() + pos + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offset_minutes = (t[pos] == '+' ? 1 : -1) * (oh * 60 + om);
  } else if (pos >= t.size() || (t[pos] != 'Z' && t[pos] != 'z')) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(mo),
                                  std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(s) - std::chrono::minutes(offset_minutes);
}

}  // namespace mg::providers::pix
