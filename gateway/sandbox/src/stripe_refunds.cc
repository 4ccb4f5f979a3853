// Stripe refunds as first-class objects: create (with the refund tokens and
// the random refund faults), retrieve, list, and settle pending ones later
// with refund.updated / refund.failed / charge.refunded events.
#include "emulator_util.h"
#include "stripe_internal.h"

namespace mg::sandbox::stripe_emulator {
namespace {

using providers::SandboxScenario;

// What happens to a refund: done at once, or pending and settled later.
enum class Fate { kSucceeded, kPendingThenSucceeded, kPendingThenFailed };

// The refund tokens and the random pending faults apply to captured money
// only: refunding an uncaptured charge releases the authorisation at once.
Fate FateOf(const Charge& c, RefundFault random, bool* random_applies) {
  *random_applies = random == RefundFault::kBadGateway;
  if (!c.captured) return Fate::kSucceeded;
  std::optional<SandboxScenario> s = providers::FindSandboxScenario(c.token);
  if (s == SandboxScenario::kRefundFails) return Fate::kPendingThenFailed;
  if (s == SandboxScenario::kRefundPending) return Fate::kPendingThenSucceeded;
  if (random == RefundFault::kPendingThenFailed || random == RefundFault::kPendingThenSucceeded) {
    *random_applies = true;
    return random == RefundFault::kPendingThenFailed ? Fate::kPendingThenFailed
                                                     : Fate::kPendingThenSucceeded;
  }
  return Fate::kSucceeded;
}

}  // namespace

SandboxResponse CreateRefund(const SandboxRequest& req, EmulatorContext& ctx,
                             const std::string& key) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  // A PaymentIntent's refund names the intent; a /v1/charges charge's, the charge.
  const bool by_intent = !form["payment_intent"].empty();
  std::string id = by_intent ? form["payment_intent"] : form["charge"];
  // Drawn for every refund request, so that the faults follow request order.
  RefundFault random = ctx.faults.DrawRefund();
  std::optional<Charge> c = ctx.ledger.Get(id);
  if (!c || c->provider != "stripe" || IsIntent(*c) != by_intent) {
    return by_intent ? Error(404, "invalid_request_error", "resource_missing",
                             "No such payment_intent: '" + id + "'",
                             json::object{{"param", "payment_intent"}})
                     : Error(404, "invalid_request_error", "resource_missing",
                             "No such charge: " + id, json::object{{"param", "charge"}});
  }
  int64_t amount =
      form["amount"].empty() ? c->amount - c->amount_refunded : std::atoll(form["amount"].c_str());
  if (c->status != "succeeded" || amount <= 0 || amount > c->amount - c->amount_refunded) {
    return Error(400, "invalid_request_error", "charge_already_refunded",
                 "Charge " + id + " cannot be refunded by that amount");
  }
  bool random_applies = false;
  Fate fate = FateOf(*c, random, &random_applies);
  Refund r;
  r.id = "re_sbx_" + std::to_string(ctx.ledger.NextSequence());
  r.amount = amount;
  r.status = fate == Fate::kSucceeded ? "succeeded" : "pending";
  r.provider_status = r.status;
  r.will_fail = fate == Fate::kPendingThenFailed;
  r.idempotency_key = key;
  r.created = UnixNow();
  for (const auto& [k, v] : form) {
    if (k.rfind("metadata[", 0) == 0 && k.back() == ']') {
      r.extra["metadata." + k.substr(9, k.size() - 10)] = v;
    }
  }
  if (!form["reason"].empty()) r.extra["reason"] = form["reason"];
  // Checked again under the ledger's lock: concurrent refunds of one charge
  // (under different keys) cannot refund more than it holds.
  if (!ctx.ledger.AddRefund(id, r, /*index=*/true, [&](Charge& ch) {
        if (amount > ch.amount - ch.amount_refunded) return false;
        ch.amount_refunded += amount;
        if (!ch.captured && ch.amount_refunded >= ch.amount) ch.voided = true;
        return true;
      })) {
    return Error(400, "invalid_request_error", "charge_already_refunded",
                 "Charge " + id + " cannot be refunded by that amount");
  }
  if (random_applies) ctx.faults.Injected(random, "stripe refund " + key);
  Charge updated = *ctx.ledger.Get(id);
  if (fate == Fate::kSucceeded) {
    SendEvent(ctx, "charge.refunded", ChargeJson(updated), id, key);
  } else {
    ctx.ledger.Schedule(std::chrono::steady_clock::now() + ctx.config.pix_settle_after,
                        DueTask{DueTask::Kind::kRefund, id, r.id});
  }
  SandboxResponse answer = JsonResponse(200, json::serialize(RefundJson(updated, r)));
  if (random == RefundFault::kBadGateway) answer.fault = SandboxResponse::Fault::kBadGateway;
  return answer;
}

SandboxResponse RetrieveRefund(const std::string& id, EmulatorContext& ctx) {
  std::optional<Charge> c = ctx.ledger.ChargeOfRefund(id);
  const Refund* r = c && c->provider == "stripe" ? FindRefund(*c, id) : nullptr;
  if (r == nullptr) {
    return Error(404, "invalid_request_error", "resource_missing", "No such refund: '" + id + "'",
                 json::object{{"param", "id"}});
  }
  return JsonResponse(200, json::serialize(RefundJson(*c, *r)));
}

SandboxResponse ListRefunds(const SandboxRequest& req, EmulatorContext& ctx) {
  SandboxResponse error;
  std::optional<ListQuery> q = ParseListQuery(req.query, &error);
  if (!q) return error;
  std::string charge = q->form["charge"];
  std::string intent = q->form["payment_intent"];
  json::array data;
  bool has_more = false;
  bool started = q->starting_after.empty();
  ctx.ledger.VisitRefunds(true, [&](const Charge& c, const Refund& r) {
    if (c.provider != "stripe") return true;
    const std::string charge_id = IsIntent(c) ? Extra(c, "latest_charge") : c.id;
    if ((!charge.empty() && charge_id != charge) || (!intent.empty() && c.id != intent)) {
      return true;
    }
    if (!started) {
      started = r.id == q->starting_after;
      return true;
    }
    if (!q->Covers(r.created)) return true;
    if (static_cast<int64_t>(data.size()) == q->limit) {
      has_more = true;
      return false;
    }
    data.push_back(RefundJson(c, r));
    return true;
  });
  if (!started) {
    return Error(400, "invalid_request_error", "resource_missing",
                 "No such refund: '" + q->starting_after + "'",
                 json::object{{"param", "starting_after"}});
  }
  return ListResponse("/v1/refunds", std::move(data), has_more);
}

void SettleRefund(EmulatorContext& ctx, const std::string& charge_id,
                  const std::string& refund_id) {
  bool changed = false;
  bool failed = false;
  ctx.ledger.UpdateRefund(charge_id, refund_id, [&](Charge& c, Refund& r) {
    if (r.status != "pending") return;
    changed = true;
    failed = r.will_fail;
    r.status = failed ? "failed" : "succeeded";
    r.provider_status = r.status;
    if (failed) {
      // Stripe's reason when the card can no longer take the money back.
      r.failure_reason = "expired_or_canceled_card";
      c.amount_refunded -= r.amount;
    }
  });
  if (!changed) return;
  std::optional<Charge> c = ctx.ledger.Get(charge_id);
  const Refund* r = c ? FindRefund(*c, refund_id) : nullptr;
  if (r == nullptr) return;
  // No API request caused these: Stripe leaves event.request empty.
  SendEvent(ctx, "refund.updated", RefundJson(*c, *r), charge_id, "");
  if (failed) {
    SendEvent(ctx, "refund.failed", RefundJson(*c, *r), charge_id, "");
  } else {
    SendEvent(ctx, "charge.refunded", ChargeJson(*c), charge_id, "");
  }
}

}  // namespace mg::sandbox::stripe_emulator
