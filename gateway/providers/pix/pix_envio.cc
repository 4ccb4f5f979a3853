#include "pix/pix_envio.h"

#include <algorithm>
#include <cctype>

#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"

namespace mg::providers::pix {
namespace {

namespace jf = json_fields;
namespace json = boost::json;

constexpr std::size_t kIdEnvioMax = 35;
constexpr std::size_t kInfoPagadorMax = 140;
constexpr std::size_t kPixKeyMax = 77;  // an e-mail key, DICT's longest

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string Trimmed(std::string_view text) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text.substr(0, kInfoPagadorMax));
}

// Keys are CPF/CNPJ digits, "+55..." phones, e-mails, or EVP UUIDs; the
// sandbox's tokens add '_' ([A-Za-z0-9_.:-]). Nothing else is a key.
mg::Status ValidatePixKey(std::string_view key) {
  auto key_char = [](char c) {
    return IsAlnum(c) || std::string_view("_.:-@+").find(c) != std::string_view::npos;
  };
  if (key.empty() || key.size() > kPixKeyMax || !std::all_of(key.begin(), key.end(), key_char)) {
    return InvalidArgument("destination is not a Pix key", "destination");
  }
  return mg::Status::Ok();
}

// Efí answers its own errors as {nome, mensagem}, the BCB-style ones (a
// lookup's 404) as RFC 7807 {type, title, status, detail}.
PaymentResult MapError(PaymentResult r, const outbound::HttpResponse& response,
                       const json::object* obj) {
  ApplyHttpStatus(r, response.status);
  if (obj != nullptr) {
    r.provider_code = jf::String(*obj, "nome");
    r.message = jf::String(*obj, "mensagem");
    if (r.provider_code.empty()) {
      std::string type = jf::String(*obj, "type");
      if (!type.empty()) r.provider_code = type.substr(type.rfind('/') + 1);
      r.message = jf::String(*obj, "detail");
    }
  }
  // Efí refused this payout (its analyses, or the payee's CPF/CNPJ is not
  // the key owner's): final, nothing was sent.
  if (r.provider_code == "pagamento_negado" ||
      r.provider_code == "chave_nao_pertence_ao_documento") {
    r.outcome = Outcome::kDeclined;
    r.decline_reason = DeclineReason::kOther;
  }
  if (r.outcome == Outcome::kRetryableError) r.retry_after = RetryAfter(response);
  return r;
}

}  // namespace

std::string IdEnvioFor(std::string_view idempotency_key) { return TxidFor(idempotency_key); }

bool IsValidIdEnvio(std::string_view id_envio) {
  return !id_envio.empty() && id_envio.size() <= kIdEnvioMax &&
         std::all_of(id_envio.begin(), id_envio.end(), IsAlnum);
}

bool LooksLikeEndToEndId(std::string_view reference) {
  return reference.size() == 32 && reference.front() == 'E' &&
         std::all_of(reference.begin(), reference.end(), IsAlnum);
}

Result<outbound::HttpRequest> BuildEnvio(const PixAccount& account, const PayoutRequest& request) {
  MG_RETURN_IF_ERROR(ValidatePayoutRequest(request));
  MG_RETURN_IF_ERROR(ValidatePixKey(request.destination));
  MG_ASSIGN_OR_RETURN(std::string valor, FormatValor(request.amount));
  json::object pagador{{"chave", account.pix_key}};
  std::string info = Trimmed(request.description);
  if (!info.empty()) pagador["infoPagador"] = info;
  json::object favorecido{{"chave", request.destination}};
  const std::string& tax_id = request.payee_tax_id;
  if (!tax_id.empty()) {
    if ((tax_id.size() != 11 && tax_id.size() != 14) ||
        !std::all_of(tax_id.begin(), tax_id.end(), IsDigit)) {
      return InvalidArgument("payee_tax_id must be 11 (CPF) or 14 (CNPJ) digits", "payee_tax_id");
    }
    favorecido[tax_id.size() == 11 ? "cpf" : "cnpj"] = tax_id;
  }
  json::object body{{"valor", valor}, {"pagador", pagador}, {"favorecido", favorecido}};
  outbound::HttpRequest r;
  r.method = "PUT";
  r.url = account.payout_base_url + "/v3/gn/pix/" + IdEnvioFor(request.idempotency_key);
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = json::serialize(body);
  return r;
}

Result<outbound::HttpRequest> BuildGetEnvioById(const PixAccount& account,
                                                std::string_view id_envio) {
  if (!IsValidIdEnvio(id_envio)) return InvalidArgument("malformed idEnvio", "provider_reference");
  outbound::HttpRequest r;
  r.url = account.payout_base_url + "/v2/gn/pix/enviados/id-envio/" + std::string(id_envio);
  return r;
}

Result<outbound::HttpRequest> BuildGetEnvioByEndToEndId(const PixAccount& account,
                                                        std::string_view end_to_end_id) {
  if (!LooksLikeEndToEndId(end_to_end_id)) {
    return InvalidArgument("malformed endToEndId", "provider_reference");
  }
  outbound::HttpRequest r;
  r.url = account.payout_base_url + "/v2/gn/pix/enviados/" + std::string(end_to_end_id);
  return r;
}

Result<outbound::HttpRequest> BuildGetEnvio(const PixAccount& account,
                                            const PayoutStatusRequest& request) {
  const std::string& reference = request.provider_reference;
  if (LooksLikeEndToEndId(reference)) return BuildGetEnvioByEndToEndId(account, reference);
  if (!reference.empty()) return BuildGetEnvioById(account, reference);
  MG_RETURN_IF_ERROR(ValidateIdempotencyKey(request.idempotency_key));
  return BuildGetEnvioById(account, IdEnvioFor(request.idempotency_key));
}

PaymentResult MapEnvioResponse(std::string_view provider, const outbound::HttpResponse& response) {
  PaymentResult r = ResultOfAnswer(provider, response);
  std::optional<json::value> body = jf::Parse(response.body);
  const json::object* obj = jf::Object(body ? &*body : nullptr);
  if (response.status < 200 || response.status >= 300) return MapError(r, response, obj);
  r.outcome = Outcome::kPending;  // a 2xx we cannot read: never assume either way
  if (obj == nullptr) {
    r.message = "unreadable Efí envio";
    return r;
  }
  r.provider_reference = jf::String(*obj, "e2eId");
  if (r.provider_reference.empty()) r.provider_reference = jf::String(*obj, "endToEndId");
  if (r.provider_reference.empty()) r.provider_reference = jf::String(*obj, "idEnvio");
  r.provider_status = jf::String(*obj, "status");
  if (r.provider_status == "REALIZADO") {
    r.outcome = Outcome::kApproved;
  } else if (r.provider_status == "NAO_REALIZADO") {
    r.outcome = Outcome::kDeclined;
    r.decline_reason = DeclineReason::kOther;
    r.provider_code = "NAO_REALIZADO";
    // Efí's lookup documents no reason field; "motivo" is what its
    // devoluções carry, read when present.
    r.message = jf::String(*obj, "motivo");
    if (r.message.empty()) r.message = "Pix not sent (NAO_REALIZADO)";
  }
  return r;
}

bool EnvioMatches(const outbound::HttpResponse& lookup, const PayoutRequest& request) {
  std::optional<json::value> body = jf::Parse(lookup.body);
  const json::object* obj = jf::Object(body ? &*body : nullptr);
  if (lookup.status != 200 || obj == nullptr) return false;
  Result<std::string> valor = FormatValor(request.amount);
  const json::object* favorecido = jf::Object(*obj, "favorecido");
  return valor.ok() && jf::String(*obj, "valor") == *valor && favorecido != nullptr &&
         jf::String(*favorecido, "chave") == request.destination;
}

}  // namespace mg::providers::pix
