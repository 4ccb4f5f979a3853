// Adyen modifications: captures, refunds (with the refund tokens and the
// random refund faults: REFUND, later REFUND_FAILED) and cancels by
// pspReference, and technical cancels by merchant reference (/cancels).
#include <boost/json.hpp>

#include "adyen_internal.h"
#include "emulator_util.h"
#include "gateway/providers/json_fields.h"

namespace mg::sandbox::adyen_emulator {
namespace {

namespace json = boost::json;
namespace jf = providers::json_fields;
using providers::SandboxScenario;

// Payment states in which money is held and a cancel releases it.
bool Cancellable(const Charge& c) {
  return !c.captured &&
         (c.status == "Authorised" || c.status == "Received" || c.status == "RedirectShopper" ||
          c.status == "ChallengeShopper" || c.status == "PresentToShopper");
}

// Records a refund and sends what Adyen sends at once; pending ones are
// settled by SettleRefund.
void Refund(const Charge& c, const std::string& mod_psp, const std::string& reference,
            int64_t value, RefundFault random, EmulatorContext& ctx, const std::string& key) {
  sandbox::Refund r;
  r.id = mod_psp;
  r.amount = value;
  r.reference = reference.empty() ? c.reference : reference;
  r.idempotency_key = key;
  r.created = UnixNow();
  Notification n{"REFUND", true, mod_psp, c.id, r.reference, value, c.currency, ""};
  std::optional<SandboxScenario> s = providers::FindSandboxScenario(c.token);
  bool fails = s == SandboxScenario::kRefundFails;
  bool pending = fails || s == SandboxScenario::kRefundPending;
  bool random_pending = !pending && (random == RefundFault::kPendingThenFailed ||
                                     random == RefundFault::kPendingThenSucceeded);
  if (random_pending) {
    fails = random == RefundFault::kPendingThenFailed;
    pending = true;
  }
  r.status = pending ? "pending" : "succeeded";
  r.provider_status = pending ? "received" : "REFUND";
  r.will_fail = fails;
  // Checked under the ledger's lock, so that concurrent refunds cannot
  // refund more than the payment holds.
  bool admitted = c.status == "Authorised" && value > 0 &&
                  ctx.ledger.AddRefund(c.id, r, /*index=*/true, [&](Charge& ch) {
                    if (value > ch.amount - ch.amount_refunded) return false;
                    ch.amount_refunded += value;
                    return true;
                  });
  if (!admitted) {
    // Adyen's validations fail: REFUND with success "false" and a reason.
    r.status = "failed";
    r.provider_status = "REFUND";
    r.will_fail = false;
    r.failure_reason = c.status != "Authorised" ? "Original payment is " + c.status
                                                : "Refund amount exceeds the refundable amount";
    ctx.ledger.AddRefund(c.id, r, /*index=*/true);
    n.success = false;
    n.reason = r.failure_reason;
    SendNotification(ctx, n, c.id);
    return;
  }
  if (random_pending) ctx.faults.Injected(random, "adyen refund " + key);
  if (pending) {
    ctx.ledger.Schedule(std::chrono::steady_clock::now() + ctx.config.pix_settle_after,
                        DueTask{DueTask::Kind::kRefund, c.id, r.id});
  }
  // A refund that will fail passed Adyen's validations: REFUND success
  // "true" now, REFUND_FAILED when the scheme rejects it. One that succeeds
  // later gets its REFUND then.
  if (!pending || fails) SendNotification(ctx, n, c.id);
}

}  // namespace

SandboxResponse Modification(const std::string& psp, const std::string& what,
                             const SandboxRequest& req, EmulatorContext& ctx,
                             const std::string& key) {
  // Drawn for every refund request, so that the faults follow request order.
  RefundFault random = what == "refunds" ? ctx.faults.DrawRefund() : RefundFault::kNone;
  std::optional<Charge> c = ctx.ledger.Get(psp);
  if (!c || c->provider != "adyen") {
    return Error(422, "167", "validation", "Original pspReference required for this operation");
  }
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  const json::object* amount = body ? jf::Object(*body, "amount") : nullptr;
  std::string reference = body ? jf::String(*body, "reference") : "";
  std::optional<int64_t> value = amount ? jf::Int(*amount, "value") : std::nullopt;
  std::string mod_psp = PspReference(ctx);
  json::object out{{"merchantAccount", ctx.config.adyen_merchant_account},
                   {"paymentPspReference", psp},
                   {"pspReference", mod_psp},
                   {"reference", reference},
                   {"status", "received"}};
  if (amount != nullptr) out["amount"] = *amount;
  SandboxResponse r = JsonResponse(201, json::serialize(out));
  if (what == "refunds") {
    if (random == RefundFault::kBadGateway) {
      ctx.faults.Injected(random, "adyen refund " + key);
      r.fault = SandboxResponse::Fault::kBadGateway;
    }
    Refund(*c, mod_psp, reference, value.value_or(c->amount - c->amount_refunded), random, ctx,
           key);
    return r;
  }
  bool capture = what == "captures";
  bool ok = capture ? c->status == "Authorised" && !c->captured && !c->voided : Cancellable(*c);
  ctx.ledger.Update(psp, [&](Charge& ch) {
    if (!ok) return;
    if (capture) {
      ch.captured = true;
      ch.amount_captured = value.value_or(ch.amount);
    } else {
      ch.status = "Cancelled";
      ch.voided = true;
    }
  });
  std::string reason = ok            ? ""
                       : c->captured ? "Transaction has already been captured"
                                     : "Transaction is " + c->status;
  SendNotification(ctx,
                   Notification{capture ? "CAPTURE" : "CANCELLATION", ok, mod_psp, psp,
                                c->reference, value.value_or(c->amount), c->currency, reason},
                   psp);
  return r;
}

SandboxResponse CancelByReference(const SandboxRequest& req, EmulatorContext& ctx) {
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  std::string payment_reference = body ? jf::String(*body, "paymentReference") : "";
  if (body == nullptr || jf::String(*body, "merchantAccount").empty() ||
      payment_reference.empty()) {
    return Error(422, "14_0", "validation", "Required field missing: paymentReference");
  }
  sandbox::TechnicalCancel cancel;
  cancel.psp_reference = PspReference(ctx);
  cancel.payment_reference = payment_reference;
  cancel.reference = jf::String(*body, "reference");
  cancel.created = UnixNow();
  std::vector<Charge> found;
  ctx.ledger.Visit(false, [&](const Charge& c) {
    if (c.provider == "adyen" && c.reference == payment_reference) found.push_back(c);
    return true;
  });
  std::vector<Notification> notes;
  for (const Charge& c : found) {
    bool cancelled = false;
    ctx.ledger.Update(c.id, [&](Charge& ch) {
      if (!Cancellable(ch)) return;
      ch.status = "Cancelled";
      ch.voided = true;
      cancelled = true;
    });
    // Captured money cannot be cancelled: the technical cancel fails for it.
    // A refused or already cancelled payment holds nothing: nothing to do.
    bool failed = !cancelled && c.captured;
    if (cancelled) cancel.cancelled.push_back(c.id);
    if (failed) cancel.success = false;
    if (cancelled || failed) {
      notes.push_back(Notification{
          "TECHNICAL_CANCEL", !failed, cancel.psp_reference, c.id, payment_reference, c.amount,
          c.currency, failed ? "Transaction has been captured, cancel not possible" : ""});
    }
  }
  // Nothing held under that reference (no payment, or none holding money):
  // the cancel's end is met, so it succeeds with no original payment.
  if (notes.empty()) {
    int64_t value = found.empty() ? 0 : found.front().amount;
    std::string currency = found.empty() ? "" : found.front().currency;
    std::string original = found.empty() ? "" : found.front().id;
    notes.push_back(Notification{"TECHNICAL_CANCEL", true, cancel.psp_reference, original,
                                 payment_reference, value, currency, ""});
  }
  for (const Notification& n : notes) {
    SendNotification(ctx, n, n.original_reference.empty() ? n.psp_reference : n.original_reference);
  }
  json::object out{{"merchantAccount", ctx.config.adyen_merchant_account},
                   {"paymentReference", payment_reference},
                   {"pspReference", cancel.psp_reference},
                   {"reference", cancel.reference},
                   {"status", "received"}};
  ctx.ledger.AddTechnicalCancel(std::move(cancel));
  return JsonResponse(201, json::serialize(out));
}

void SettleRefund(EmulatorContext& ctx, const std::string& payment, const std::string& refund) {
  bool changed = false;
  bool failed = false;
  Notification n;
  ctx.ledger.UpdateRefund(payment, refund, [&](Charge& c, sandbox::Refund& r) {
    if (r.status != "pending") return;
    changed = true;
    failed = r.will_fail;
    r.status = failed ? "failed" : "succeeded";
    r.provider_status = failed ? "REFUND_FAILED" : "REFUND";
    if (failed) {
      r.failure_reason = "Refund Failed";
      c.amount_refunded -= r.amount;
    }
    // REFUND_FAILED reports that the failure happened: success "true", as
    // in Adyen's webhook reference.
    n = Notification{
        failed ? "REFUND_FAILED" : "REFUND", true, r.id, c.id, r.reference, r.amount, c.currency,
        failed ? "Refund Failed" : ""};
  });
  if (changed) SendNotification(ctx, n, payment);
}

}  // namespace mg::sandbox::adyen_emulator
