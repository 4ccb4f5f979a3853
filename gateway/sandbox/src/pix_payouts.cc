// Pix payouts as Efí's "Envio de Pix", as the sandbox answers it
// (docs/sandbox.md, "Payouts"): PUT /v3/gn/pix/{idEnvio},
// GET /v2/gn/pix/enviados/id-envio/{idEnvio} and GET /v2/gn/pix/enviados/{e2eId}.
// The favorecido's key decides what happens. As at Efí, the PUT answers
// EM_PROCESSAMENTO and the outcome is read later; the sandbox decides it at
// once, so the next GET already shows REALIZADO or NAO_REALIZADO.
#include <regex>

#include "emulator_util.h"
#include "gateway/providers/json_fields.h"
#include "pix_internal.h"

namespace mg::sandbox::pix_emulator {
namespace {

namespace jf = providers::json_fields;

constexpr const char* kKind = "pix_envio";

// Favorecido key prefixes; any other valid key is paid.
struct Fate {
  const char* prefix;
  const char* status;  // what a GET shows; "" for a refusal in the PUT's answer
  const char* motivo;
};
constexpr Fate kFates[] = {
    {"pix_sandbox_fails", "NAO_REALIZADO", "Conta do favorecido encerrada (sandbox)"},
    {"pix_sandbox_denied", "", "Pagamento negado por análises"},
    {"pix_sandbox_timeout", "REALIZADO", ""},
};
constexpr Fate kPaid = {"", "REALIZADO", ""};

const Fate& FateOf(const std::string& key) {
  for (const Fate& f : kFates) {
    if (key.rfind(f.prefix, 0) == 0) return f;
  }
  return kPaid;
}

// Efí's own error body.
SandboxResponse EfiError(int status, const std::string& nome, const std::string& mensagem) {
  return JsonResponse(status,
                      json::serialize(json::object{{"nome", nome}, {"mensagem", mensagem}}));
}

std::string Extra(const PayoutEntry& e, const char* key) {
  auto it = e.extra.find(key);
  return it == e.extra.end() ? std::string() : it->second;
}

json::object EnvioJson(const PayoutEntry& e) {
  json::object horario{{"solicitacao", Rfc3339(e.created)}};
  if (e.status == "REALIZADO") horario["liquidacao"] = Rfc3339(e.created);
  json::object favorecido{{"chave", e.account}};
  json::object o{
      {"endToEndId", Extra(e, "e2eid")}, {"idEnvio", e.id},    {"valor", Valor(e.amount)},
      {"chave", Extra(e, "pagador")},    {"status", e.status}, {"horario", horario},
      {"favorecido", favorecido}};
  if (!Extra(e, "info").empty()) o["infoPagador"] = Extra(e, "info");
  if (!e.failure_message.empty()) o["motivo"] = e.failure_message;
  return o;
}

SandboxResponse PutEnvio(const std::string& id, const SandboxRequest& req, EmulatorContext& ctx) {
  static const std::regex kIdEnvio(R"(^[a-zA-Z0-9]{1,35}$)");
  static const std::regex kPixKey(R"(^[A-Za-z0-9_.:@+-]{1,77}$)");
  if (!std::regex_match(id, kIdEnvio)) {
    return EfiError(400, "valor_invalido", "idEnvio deve seguir ^[a-zA-Z0-9]{1,35}$");
  }
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  const json::object* pagador = body ? jf::Object(*body, "pagador") : nullptr;
  const json::object* favorecido = body ? jf::Object(*body, "favorecido") : nullptr;
  if (pagador == nullptr || favorecido == nullptr || jf::String(*pagador, "chave").empty()) {
    return EfiError(400, "valor_invalido", "valor, pagador.chave e favorecido são obrigatórios");
  }
  std::optional<int64_t> cents = ParseValor(jf::String(*body, "valor"));
  if (!cents || *cents <= 0) {
    return EfiError(400, "valor_invalido", "Campo valor deve ser maior que zero (12.34)");
  }
  std::string key = jf::String(*favorecido, "chave");
  if (!std::regex_match(key, kPixKey)) {
    return EfiError(400, "valor_invalido", "favorecido.chave não é uma chave Pix");
  }
  // The same idEnvio with the same body is a replay: the first answer again.
  const std::string request = json::serialize(*body);
  if (std::optional<PayoutEntry> seen = ctx.payouts.Get(id)) {
    if (seen->kind == kKind && Extra(*seen, "request") == request) {
      return JsonResponse(201, Extra(*seen, "answer"));
    }
    return EfiError(409, "id_envio_duplicado",
                    "O id de envio informado já foi utilizado em outro pagamento");
  }
  const Fate& fate = FateOf(key);
  if (*fate.status == '\0') return EfiError(422, "pagamento_negado", fate.motivo);
  PayoutEntry e;
  e.id = id;
  e.kind = kKind;
  e.account = key;
  e.reference = id;
  e.amount = *cents;
  e.currency = "BRL";
  e.status = fate.status;
  e.failure_message = fate.motivo;
  e.created = UnixNow();
  e.extra["e2eid"] = EndToEndId('E', ctx.ledger.NextSequence());
  e.extra["pagador"] = jf::String(*pagador, "chave");
  e.extra["info"] = jf::String(*pagador, "infoPagador");
  e.extra["request"] = request;
  json::object answer{{"idEnvio", id},
                      {"e2eId", e.extra["e2eid"]},
                      {"valor", Valor(e.amount)},
                      {"horario", json::object{{"solicitacao", Rfc3339(e.created)}}},
                      {"status", "EM_PROCESSAMENTO"}};
  e.extra["answer"] = json::serialize(answer);
  SandboxResponse r = JsonResponse(201, e.extra["answer"]);
  ctx.payouts.Add(std::move(e));
  if (key.rfind("pix_sandbox_timeout", 0) == 0) r.delay = ctx.config.timeout_delay;
  return r;
}

SandboxResponse NotFound(const std::string& what) {
  return Problem(404, "PixEnviadoNaoEncontrado",
                 "Pix enviado não encontrado para o " + what + " informado.");
}

SandboxResponse GetById(const std::string& id, EmulatorContext& ctx) {
  std::optional<PayoutEntry> e = ctx.payouts.Get(id);
  if (!e || e->kind != kKind) return NotFound("idEnvio");
  return JsonResponse(200, json::serialize(EnvioJson(*e)));
}

SandboxResponse GetByEndToEndId(const std::string& e2e, EmulatorContext& ctx) {
  std::optional<PayoutEntry> found;
  ctx.payouts.Visit([&](const PayoutEntry& e) {
    if (e.kind == kKind && Extra(e, "e2eid") == e2e) found = e;
    return !found;
  });
  if (!found) return NotFound("e2eId");
  return JsonResponse(200, json::serialize(EnvioJson(*found)));
}

}  // namespace

bool IsEnvioPath(const std::string& path) {
  return path.rfind("/v3/gn/pix/", 0) == 0 || path.rfind("/v2/gn/pix/enviados/", 0) == 0;
}

SandboxResponse Envios(const SandboxRequest& req, EmulatorContext& ctx) {
  static const std::regex kPut(R"(^/v3/gn/pix/([^/]+)$)");
  static const std::regex kById(R"(^/v2/gn/pix/enviados/id-envio/([A-Za-z0-9]{1,35})$)");
  static const std::regex kByE2e(R"(^/v2/gn/pix/enviados/([A-Za-z0-9]{32})$)");
  std::smatch m;
  if (req.method == "PUT" && std::regex_match(req.path, m, kPut)) return PutEnvio(m[1], req, ctx);
  if (req.method == "GET" && std::regex_match(req.path, m, kById)) return GetById(m[1], ctx);
  if (req.method == "GET" && std::regex_match(req.path, m, kByE2e)) {
    return GetByEndToEndId(m[1], ctx);
  }
  return Problem(404, "NaoEncontrado", "unknown Envio de Pix path");
}

}  // namespace mg::sandbox::pix_emulator
