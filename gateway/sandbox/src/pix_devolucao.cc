// API Pix devoluções: PUT and GET /pix/{e2eid}/devolucao/{id}. A devolução
// is DEVOLVIDO at once, or EM_PROCESSAMENTO (the refund tokens, the random
// refund faults) and DEVOLVIDO or NAO_REALIZADO after the Pix settle delay.
// Each final status POSTs the Pix's webhook entry with its devolucoes.
#include "emulator_util.h"
#include "gateway/providers/json_fields.h"
#include "pix_internal.h"

namespace mg::sandbox::pix_emulator {
namespace {

namespace jf = providers::json_fields;
using providers::SandboxScenario;

const Refund* Find(const Charge& c, const std::string& id) {
  for (const Refund& r : c.refunds) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

}  // namespace

SandboxResponse PutDevolucao(const std::string& e2e, const std::string& id,
                             const SandboxRequest& req, EmulatorContext& ctx) {
  // Drawn for every devolução request, so that the faults follow request order.
  RefundFault random = ctx.faults.DrawRefund();
  std::optional<Charge> paid = ctx.ledger.GetByAlias(e2e);
  if (!paid) return Problem(404, "PixNaoEncontrado", "no Pix with that endToEndId");
  if (id.size() > 35) return Problem(400, "PixDevolucaoInvalida", "id must be 1-35 alphanumerics");
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  std::optional<int64_t> cents = ParseValor(body ? jf::String(*body, "valor") : "");
  if (!cents || *cents <= 0) {
    return Problem(400, "PixDevolucaoInvalida", "valor must look like 12.34");
  }
  std::optional<SandboxScenario> s = providers::FindSandboxScenario(paid->token);
  bool fails = s == SandboxScenario::kRefundFails;
  bool pending = fails || s == SandboxScenario::kRefundPending;
  bool random_pending = !pending && (random == RefundFault::kPendingThenFailed ||
                                     random == RefundFault::kPendingThenSucceeded);
  if (random_pending) {
    fails = random == RefundFault::kPendingThenFailed;
    pending = true;
  }
  Refund r;
  r.id = id;
  r.amount = *cents;
  r.status = pending ? "pending" : "succeeded";
  r.provider_status = pending ? "EM_PROCESSAMENTO" : "DEVOLVIDO";
  r.will_fail = fails;
  r.created = UnixNow();
  r.extra["rtrId"] = EndToEndId('D', ctx.ledger.NextSequence());
  r.extra["solicitacao"] = Rfc3339(r.created);
  if (!pending) r.extra["liquidacao"] = Rfc3339(r.created);
  // Checked and added under one lock, so that concurrent retries of the
  // same PUT make one devolução. The id names it: a retried PUT gets it
  // back, another amount under the same id is refused (API Pix forbids
  // reusing an id).
  std::optional<Refund> existing;
  bool exceeds = false;
  ctx.ledger.AddRefund(paid->id, r, /*index=*/false, [&](Charge& c) {
    if (const Refund* found = Find(c, id)) {
      existing = *found;
      return false;
    }
    exceeds = *cents > c.amount - c.amount_refunded;
    if (!exceeds) c.amount_refunded += *cents;
    return !exceeds;
  });
  if (existing) {
    if (existing->amount != *cents) {
      return Problem(400, "PixDevolucaoInvalida", "id already used for another devolução");
    }
    return JsonResponse(201, json::serialize(DevolucaoJson(*existing)));
  }
  if (exceeds) return Problem(400, "PixDevolucaoInvalida", "devoluções would exceed the Pix");
  if (random_pending) ctx.faults.Injected(random, "pix devolucao " + id);
  if (random == RefundFault::kBadGateway) ctx.faults.Injected(random, "pix devolucao " + id);
  if (pending) {
    ctx.ledger.Schedule(std::chrono::steady_clock::now() + ctx.config.pix_settle_after,
                        DueTask{DueTask::Kind::kRefund, paid->id, id});
  } else if (std::optional<Charge> c = ctx.ledger.Get(paid->id)) {
    SendPixWebhook(ctx, *c, "devolucao");
  }
  SandboxResponse answer = JsonResponse(201, json::serialize(DevolucaoJson(r)));
  if (random == RefundFault::kBadGateway) answer.fault = SandboxResponse::Fault::kBadGateway;
  return answer;
}

SandboxResponse GetDevolucao(const std::string& e2e, const std::string& id, EmulatorContext& ctx) {
  std::optional<Charge> paid = ctx.ledger.GetByAlias(e2e);
  const Refund* r = paid ? Find(*paid, id) : nullptr;
  if (r == nullptr) {
    return Problem(404, "PixDevolucaoNaoEncontrada", "no devolução with that id for that Pix");
  }
  return JsonResponse(200, json::serialize(DevolucaoJson(*r)));
}

void SettleDevolucao(EmulatorContext& ctx, const std::string& txid, const std::string& id) {
  bool changed = false;
  ctx.ledger.UpdateRefund(txid, id, [&](Charge& c, Refund& r) {
    if (r.status != "pending") return;
    changed = true;
    if (r.will_fail) {
      r.status = "failed";
      r.provider_status = "NAO_REALIZADO";
      r.failure_reason = "Devolução recusada pelo participante do pagador";
      c.amount_refunded -= r.amount;
    } else {
      r.status = "succeeded";
      r.provider_status = "DEVOLVIDO";
      r.extra["liquidacao"] = Rfc3339(UnixNow());
    }
  });
  if (!changed) return;
  if (std::optional<Charge> c = ctx.ledger.Get(txid)) SendPixWebhook(ctx, *c, "devolucao");
}

}  // namespace mg::sandbox::pix_emulator
