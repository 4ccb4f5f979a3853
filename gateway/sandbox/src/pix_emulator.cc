// API Pix (BCB) immediate charges, as the sandbox answers them
// (docs/sandbox.md): authentication, routing, and the cob lifecycle.
// Charges settle by themselves after the configured delay ("[settle=N]" /
// "[settle=never]" in solicitacaoPagador overrides it), and the sandbox then
// POSTs the BCB-format webhook, signed with X-Sandbox-Signature. Devoluções
// are in pix_devolucao.cc, the listings in pix_lists.cc, payouts (Efí's
// Envio de Pix) in pix_payouts.cc.
#include <regex>

#include "emulator_util.h"
#include "gateway/providers/json_fields.h"
#include "pix/pix_transformers.h"
#include "pix_internal.h"

namespace mg::sandbox {
namespace pix_emulator {
namespace {

namespace jf = providers::json_fields;
using providers::SandboxScenario;

bool Authorized(const SandboxRequest& req, EmulatorContext& ctx) {
  std::string auth = req.Header("authorization");
  if (auth.rfind("Bearer ", 0) != 0) return false;
  std::string token = auth.substr(7);
  return token == ctx.config.pix_static_token || token.rfind("sbx-oauth-", 0) == 0;
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

SandboxResponse CreateCob(const std::string& txid, const SandboxRequest& req,
                          EmulatorContext& ctx) {
  // Drawn for every charge request, so that the faults follow request order.
  ChargeFault random = ctx.faults.DrawCharge();
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
  std::optional<int64_t> cents = ParseValor(original);
  if (!cents) return Problem(400, "CobPayloadInvalido", "valor.original must look like 12.34");
  Charge c;
  c.id = txid;
  c.provider = "pix";
  c.idempotency_key = txid;  // Pix has no idempotency header: the txid is the key
  c.merchant_reference = txid;
  c.amount = *cents;
  c.currency = "BRL";
  c.status = "ATIVA";
  c.created = UnixNow();
  std::string solicitacao = jf::String(*body, "solicitacaoPagador");
  c.reference = solicitacao;
  // Pix has no card token: "[tok_...]" in the description plays its part.
  static const std::regex kToken(R"(\[(tok_[a-z0-9_]+)\])");
  std::smatch m;
  std::optional<SandboxScenario> scenario;
  if (std::regex_search(solicitacao, m, kToken)) {
    c.token = m[1].str();
    scenario = providers::FindSandboxScenario(c.token);
  }
  // No idempotency key, so no "in progress" either: 409 does not apply.
  if ((scenario && NamesTransportOutcome(*scenario)) || random == ChargeFault::kInProgress) {
    random = ChargeFault::kNone;
  }
  ctx.faults.Injected(random, "pix cob " + txid);
  std::chrono::seconds settle = ctx.config.pix_settle_after;
  static const std::regex kSettle(R"(\[settle=(never|\d+)\])");
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
  c.extra["criacao"] = Rfc3339(c.created);
  c.extra["chave"] = jf::String(*body, "chave");
  std::string host = ctx.config.public_base_url.substr(ctx.config.public_base_url.find("//") + 2);
  c.extra["location"] = host + "/pix/qr/v2/" + txid;
  c.extra["copia_e_cola"] = CopyPaste(c.extra["location"], original);
  ctx.ledger.AddCharge(c, "");
  if (c.settles) ctx.ledger.Schedule(c.settle_at, DueTask{DueTask::Kind::kPixPayment, txid, ""});
  SandboxResponse r = JsonResponse(201, json::serialize(CobJson(c)));
  if (scenario == SandboxScenario::kInProgress409) scenario.reset();
  r.fault = ChargeFaultFor(scenario, random);
  if (scenario == SandboxScenario::kTimeout) r.delay = ctx.config.timeout_delay;
  if (random == ChargeFault::kSlow) r.delay = ctx.faults.SlowDelay(ctx.config.timeout_delay);
  return r;
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
          c.voided = true;
          removed = true;
        }
      })) {
    return Problem(404, "CobNaoEncontrado", "no charge with that txid");
  }
  if (!removed) return Problem(400, "CobOperacaoInvalida", "charge is no longer ATIVA");
  return JsonResponse(200, json::serialize(CobJson(*ctx.ledger.Get(txid))));
}

SandboxResponse GetCob(const std::string& txid, EmulatorContext& ctx) {
  std::optional<Charge> c = ctx.ledger.Get(txid);
  if (!c || c->provider != "pix") {
    return Problem(404, "CobNaoEncontrado", "no charge with that txid");
  }
  return JsonResponse(200, json::serialize(CobJson(*c)));
}

void SettlePayment(EmulatorContext& ctx, const std::string& txid) {
  std::string e2e = EndToEndId('E', ctx.ledger.NextSequence());
  bool changed = false;
  ctx.ledger.Update(txid, [&](Charge& c) {
    if (c.status != "ATIVA" || !c.settles) return;
    c.status = "CONCLUIDA";
    c.captured = true;  // a Pix is paid in full at once: nothing to capture
    c.amount_captured = c.amount;
    c.extra["e2eid"] = e2e;
    c.extra["paid_at"] = Rfc3339(UnixNow());
    c.extra["paid_unix"] = std::to_string(UnixNow());
    changed = true;
  });
  if (!changed) return;
  ctx.ledger.AddAlias(e2e, txid);
  if (std::optional<Charge> c = ctx.ledger.Get(txid)) SendPixWebhook(ctx, *c, "payment");
}

}  // namespace pix_emulator

SandboxResponse HandlePix(const SandboxRequest& req, EmulatorContext& ctx) {
  using namespace pix_emulator;
  if (req.method == "POST" && req.path == "/oauth/token") return OAuthToken(req, ctx);
  if (!Authorized(req, ctx)) return Problem(401, "AcessoNegado", "missing or bad bearer token");
  static const std::regex kCob(R"(^/cob/([^/]+)$)");
  static const std::regex kPix(R"(^/pix/([A-Za-z0-9]+)$)");
  static const std::regex kDevolucao(R"(^/pix/([A-Za-z0-9]+)/devolucao/([A-Za-z0-9]+)$)");
  std::smatch m;
  SandboxResponse r = Problem(404, "NaoEncontrado", "unknown path");
  if (IsEnvioPath(req.path)) {
    r = Envios(req, ctx);
  } else if (std::regex_match(req.path, m, kCob)) {
    std::string txid = m[1].str();
    if (req.method == "PUT") r = CreateCob(txid, req, ctx);
    if (req.method == "PATCH") r = RemoveCob(txid, req, ctx);
    if (req.method == "GET") r = GetCob(txid, ctx);
  } else if (req.method == "GET" && req.path == "/cob") {
    r = ListCobs(req, ctx);
  } else if (req.method == "GET" && req.path == "/pix") {
    r = ListPix(req, ctx);
  } else if (req.method == "GET" && std::regex_match(req.path, m, kPix)) {
    r = GetPix(m[1].str(), ctx);
  } else if (std::regex_match(req.path, m, kDevolucao)) {
    if (req.method == "PUT") r = PutDevolucao(m[1].str(), m[2].str(), req, ctx);
    if (req.method == "GET") r = GetDevolucao(m[1].str(), m[2].str(), ctx);
  }
  // Pix keeps no idempotency answers: the txid or devolução id makes a
  // retried PUT safe, so the fault only replaces what the client sees.
  if (r.fault == SandboxResponse::Fault::kBadGateway) return BadGatewayResponse();
  return r;
}

}  // namespace mg::sandbox
