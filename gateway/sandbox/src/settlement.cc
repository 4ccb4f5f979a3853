// The background thread's work: what the emulators scheduled for later.
#include "adyen_internal.h"
#include "pix_internal.h"
#include "stripe_internal.h"

namespace mg::sandbox {

int SettleDue(EmulatorContext& ctx, std::chrono::steady_clock::time_point now) {
  std::vector<DueTask> due = ctx.ledger.TakeDue(now);
  for (const DueTask& task : due) {
    if (task.kind == DueTask::Kind::kPixPayment) {
      pix_emulator::SettlePayment(ctx, task.charge_id);
      continue;
    }
    std::optional<Charge> c = ctx.ledger.Get(task.charge_id);
    if (!c) continue;  // dropped from the bounded ledger meanwhile
    if (c->provider == "stripe") {
      stripe_emulator::SettleRefund(ctx, task.charge_id, task.refund_id);
    } else if (c->provider == "adyen") {
      adyen_emulator::SettleRefund(ctx, task.charge_id, task.refund_id);
    } else if (c->provider == "pix") {
      pix_emulator::SettleDevolucao(ctx, task.charge_id, task.refund_id);
    }
  }
  return static_cast<int>(due.size());
}

}  // namespace mg::sandbox
