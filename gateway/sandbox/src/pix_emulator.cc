// API Pix (BCB) immediate charges, as the sandbox answers them
// (docs/sandbox.md). Charges settle by themselves after the configured delay
// ("[settle=N]" / "[settle=never]" in solicitacaoPagador overrides it), and
// the sandbox then POSTs the BCB-format webhook, signed with
// X-Sandbox-Signature.
#include <boost/json.hpp>
#include <cstdio>
#include <regex>

#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_http.h"
#include "gateway/providers/webhook_event.h"
#include "gateway/sandbox/emulator.h"
#include "pix/pix_transformers.h"
#include "stripe/stripe_webhook.h"

namespace mg::sandbox {
namespace {

namespace json = boost::json;
namespace jf = providers::json_fields;

SandboxResponse Problem(int status, const std::string& type, const std::string& detail) {
  SandboxResponse r = JsonResponse(
      status, json::serialize(json::object{{"type", "https://pix.bcb.gov.br/api/v2/error/" + type},
                                           {"title", type},
                                           {"status", status},
                                           {"detail", detail}}));
  r.content_type = "application/problem+json";
  return r;
}

std::string Tlv(const std::string& id, const std::string& value) {
  char len[3];
  std::snprintf(len, sizeof len, "%02zu", value.size() % 100);
  return id + len + value;
}

uint16_t Crc16(const std::string& data) {  // CRC-16/CCITT-FALSE, as EMV QR uses
  uint16_t crc = 0xFFFF;
  for (unsigned char c : data) {
    crc ^= static_cast<uint16_t>(c << 8);
    for (int i = 0; i < 8; ++i) crc = (crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1;
  }
  return crc;
}

// A dynamic BR Code: merchant account info points at the payload location.
std::string CopyPaste(const std::string& location, const std::string& valor) {
  std::string payload = Tlv("00", "01") + Tlv("01", "12") +
                        Tlv("26", Tlv("00", "br.gov.bcb.pix") + Tlv("25", location)) +
                        Tlv("52", "0000") + Tlv("53", "986") + Tlv("54", valor) + Tlv("58", "BR") +
                        Tlv("59", "MARKETGATE SANDBOX") + Tlv("60", "SAO PAULO") +
                        Tlv("62", Tlv("05", "***")) + "6304";
  char crc[5];
  std::snprintf(crc, sizeof crc, "%04X", Crc16(payload));
  return payload + crc;
}

std::string Rfc3339Now(std::chrono::seconds offset = std::chrono::seconds(0)) {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) + offset;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Valor(int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100),
                static_cast<long long>(cents % 100));
  return buf;
}

json::object CobJson(const Charge& c) {
  json::object o{{"calendario", json::object{{"criacao", c.extra.at("criacao")},
                                             {"expiracao", std::stoll(c.extra.at("expiracao"))}}},
                 {"txid", c.id},
                 {"revisao", 0},
                 {"location", c.extra.at("location")},
                 {"status", c.status},
                 {"valor", json::object{{"original", Valor(c.amount)}}},
                 {"chave", c.extra.at("chave")},
                 {"pixCopiaECola", c.extra.at("copia_e_cola")}};
  if (c.status == "CONCLUIDA") {
    o["pix"] = json::array{json::object{{"endToEndId", c.extra.at("e2eid")},
                                        {"txid", c.id},
                                        {"valor", Valor(c.amount)},
                                        {"horario", c.extra.at("paid_at")}}};
  }
  return o;
}

bool Authorized(const SandboxRequest& req, EmulatorContext& ctx) {
  std::string auth = req.Header("authorization");
  if (auth.rfind("Bearer ", 0) != 0) return false;
  std::string token = auth.substr(7);
  return token == ctx.config.pix_static_token || token.rfind("sbx-oauth-", 0) == 0;
}

SandboxResponse CreateCob(const std::string& txid, const SandboxRequest& req,
                          EmulatorContext& ctx) {
  if (!providers::pix::IsValidTxid(txid)) {
    return Problem(400, "CobOperacaoInvalida", "txid must be 26-35 alphanumerics");
  }
  if (ctx.ledger.Get(txid)) {
    return Problem(400, "CobOperacaoInvalida", "txid already used for a charge");
  }
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  const json::object* valor = body ? jf::Object(*body, "valor") : nullptr;
  const json::object* cal = body ? jf::Object(*body, "calendario") : nullptr;
  if (valor == nullptr || jf::String(*body, "chave").empty()) {
    return Problem(400, "CobPayloadInvalido", "valor.original and chave are required");
  }
  std::string original = jf::String(*valor, "original");
  static const std::regex kValor(R"(^\d{1,10}\.\d{2}$)");
  if (!std::regex_match(original, kValor)) {
    return Problem(400, "CobPayloadInvalido", "valor.original must look like 12.34");
  }
  Charge c;
  c.id = txid;
  c.provider = "pix";
  c.idempotency_key = txid;  // Pix has no idempotency header: the txid is the key
  c.amount = std::stoll(original.substr(0, original.size() - 3)) * 100 +
             std::stoll(original.substr(original.size() - 2));
  c.currency = "BRL";
  c.status = "ATIVA";
  std::string solicitacao = jf::String(*body, "solicitacaoPagador");
  c.reference = solicitacao;
  std::chrono::seconds settle = ctx.config.pix_settle_after;
  static const std::regex kSettle(R"(\[settle=(never|\d+)\])");
  std::smatch m;
  c.settles = true;
  if (std::regex_search(solicitacao, m, kSettle)) {
    if (m[1] == "never") {
      c.settles = false;
    } else {
      settle = std::chrono::seconds(std::stoll(m[1].str()));
    }
  }
  c.settle_at = std::chrono::steady_clock::now() + settle;
  int64_t expiracao = cal ? jf::Int(*cal, "expiracao").value_or(86400) : 86400;
  c.extra["expiracao"] = std::to_string(expiracao);
  c.extra["criacao"] = Rfc3339Now();
  c.extra["chave"] = jf::String(*body, "chave");
  std::string host = ctx.config.public_base_url.substr(ctx.config.public_base_url.find("//") + 2);
  c.extra["location"] = host + "/pix/qr/v2/" + txid;
  c.extra["copia_e_cola"] = CopyPaste(c.extra["location"], original);
  ctx.ledger.AddCharge(c, "");
  return JsonResponse(201, json::serialize(CobJson(c)));
}

SandboxResponse RemoveCob(const std::string& txid, const SandboxRequest& req,
                          EmulatorContext& ctx) {
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  if (body == nullptr || jf::String(*body, "status") != "REMOVIDA_PELO_USUARIO_RECEBEDOR") {
    return Problem(400, "CobPayloadInvalido", "only status REMOVIDA_PELO_USUARIO_RECEBEDOR");
  }
  bool removed = false;
  if (!ctx.ledger.Update(txid, [&](Charge& c) {
        if (c.status == "ATIVA") {
          c.status = "REMOVIDA_PELO_USUARIO_RECEBEDOR";
          c.settles = false;
          removed = true;
        }
      })) {
    return Problem(404, "CobNaoEncontrado", "no charge with that txid");
  }
  if (!removed) return Problem(400, "CobOperacaoInvalida", "charge is no longer ATIVA");
  return JsonResponse(200, json::serialize(CobJson(*ctx.ledger.Get(txid))));
}

SandboxResponse Devolucao(const std::string& e2e, const std::string& id, const SandboxRequest& req,
                          EmulatorContext& ctx) {
  std::optional<Charge> paid;
  for (const Charge& c : ctx.ledger.All()) {
    if (c.provider == "pix" && c.extra.count("e2eid") && c.extra.at("e2eid") == e2e) paid = c;
  }
  if (!paid) return Problem(404, "PixNaoEncontrado", "no Pix with that endToEndId");
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  std::string valor = body ? jf::String(*body, "valor") : "";
  ctx.ledger.Update(paid->id, [&](Charge& c) { c.amount_refunded = c.amount; });
  return JsonResponse(
      201, json::serialize(json::object{{"id", id},
                                        {"rtrId", "D" + e2e.substr(1)},
                                        {"valor", valor},
                                        {"horario", json::object{{"solicitacao", Rfc3339Now()}}},
                                        {"status", "DEVOLVIDO"}}));
}

SandboxResponse OAuthToken(const SandboxRequest& req, EmulatorContext& ctx) {
  if (req.Header("authorization").rfind("Basic ", 0) != 0) {
    return JsonResponse(401, R"({"error":"invalid_client"})");
  }
  std::string token = "sbx-oauth-" + std::to_string(ctx.ledger.NextSequence());
  return JsonResponse(
      200, json::serialize(json::object{
               {"access_token", token}, {"token_type", "Bearer"}, {"expires_in", 3600}}));
}

}  // namespace

SandboxResponse HandlePix(const SandboxRequest& req, EmulatorContext& ctx) {
  if (req.method == "POST" && req.path == "/oauth/token") return OAuthToken(req, ctx);
  if (!Authorized(req, ctx)) return Problem(401, "AcessoNegado", "missing or bad bearer token");
  static const std::regex kCob(R"(^/cob/([^/]+)$)");
  static const std::regex kDevolucao(R"(^/pix/([A-Za-z0-9]+)/devolucao/([A-Za-z0-9]+)$)");
  std::smatch m;
  if (std::regex_match(req.path, m, kCob)) {
    std::string txid = m[1].str();
    if (req.method == "PUT") return CreateCob(txid, req, ctx);
    if (req.method == "PATCH") return RemoveCob(txid, req, ctx);
    if (req.method == "GET") {
      std::optional<Charge> c = ctx.ledger.Get(txid);
      if (!c || c->provider != "pix") {
        return Problem(404, "CobNaoEncontrado", "no charge with that txid");
      }
      return JsonResponse(200, json::serialize(CobJson(*c)));
    }
  }
  if (req.method == "PUT" && std::regex_match(req.path, m, kDevolucao)) {
    return Devolucao(m[1].str(), m[2].str(), req, ctx);
  }
  return Problem(404, "NaoEncontrado", "unknown path");
}

int SettleDuePix(EmulatorContext& ctx, std::chrono::steady_clock::time_point now) {
  int paid = 0;
  for (const Charge& due : ctx.ledger.All()) {
    if (due.provider != "pix" || !due.settles || due.status != "ATIVA" || due.settle_at > now) {
      continue;
    }
    std::string e2e = "E00000000" + due.id.substr(0, 23);
    bool changed = false;
    ctx.ledger.Update(due.id, [&](Charge& c) {
      if (c.status != "ATIVA") return;
      c.status = "CONCLUIDA";
      c.extra["e2eid"] = e2e;
      c.extra["paid_at"] = Rfc3339Now();
      changed = true;
    });
    if (!changed) continue;
    ++paid;
    if (!ctx.send_webhook) continue;
    Webhook hook;
    hook.due = now;
    hook.path = "/pix";
    hook.body = json::serialize(
        json::object{{"pix", json::array{json::object{{"endToEndId", e2e},
                                                      {"txid", due.id},
                                                      {"valor", Valor(due.amount)},
                                                      {"horario", Rfc3339Now()}}}}});
    if (!ctx.config.pix_webhook_secret.empty()) {
      int64_t t = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
      hook.headers.emplace_back(
          "X-Sandbox-Signature",
          providers::stripe::SignPayload(hook.body, ctx.config.pix_webhook_secret, t));
    }
    ctx.send_webhook(std::move(hook));
  }
  return paid;
}

}  // namespace mg::sandbox
