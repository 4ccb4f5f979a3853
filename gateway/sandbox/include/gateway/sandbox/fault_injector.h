// Random faults for soak tests, set with POST /_sandbox/faults
// (docs/sandbox.md, "Random faults"). Each group (charge, refund, webhooks)
// draws from its own generator, seeded from `seed`, exactly once per
// request or webhook it could apply to, so the faults injected are the same
// for the same seed and the same order of requests, whatever happened to
// the other groups. Counters and a log say what was injected. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mg::sandbox {

struct FaultSettings {
  uint64_t seed = 0;
  // Probabilities, 0..1; within a group they are exclusive and sum to <= 1.
  double charge_502 = 0;        // "502_after_charge"
  double charge_drop = 0;       // "drop_after_charge"
  double charge_slow = 0;       // "slow": the answer is held `slow_ms`
  double charge_409 = 0;        // "in_progress_409"
  double refund_502 = 0;        // "502_after_refund"
  double refund_failed = 0;     // "pending_then_failed"
  double refund_succeeded = 0;  // "pending_then_succeeded"
  double webhook_duplicate = 0;
  double webhook_reorder = 0;
  double webhook_drop = 0;
  int64_t delay_min_ms = 0;  // every webhook waits uniformly within [min, max]
  int64_t delay_max_ms = 0;
  std::optional<int64_t> slow_ms;  // unset: the server's --timeout-delay-ms
  int64_t reorder_hold_ms = 2000;  // a held webhook goes out alone after this
};

// Parses the POST body; kInvalidArgument names the offending field.
Result<FaultSettings> ParseFaultSettings(std::string_view json);

enum class ChargeFault { kNone, kBadGateway, kDrop, kSlow, kInProgress };
enum class RefundFault { kNone, kBadGateway, kPendingThenFailed, kPendingThenSucceeded };
struct WebhookFault {
  enum class Action { kSend, kDrop, kDuplicate, kReorder };
  Action action = Action::kSend;
  std::chrono::milliseconds delay{0};
};

class FaultInjector {
 public:
  // Replaces the settings and restarts the generators, counters and log.
  void Set(FaultSettings settings);
  // Turns faults off (counters and log stay readable until the next Set).
  void Clear();

  // One draw each; kNone when faults are off. The caller decides whether
  // the fault applies and reports it with Injected().
  ChargeFault DrawCharge();
  RefundFault DrawRefund();
  // Webhooks are drawn and counted here (they always apply).
  WebhookFault DrawWebhook(const std::string& what);
  void Injected(ChargeFault fault, const std::string& what);
  void Injected(RefundFault fault, const std::string& what);

  // The slow fault's hold, given the server's timeout delay.
  std::chrono::milliseconds SlowDelay(std::chrono::milliseconds timeout_delay);
  std::chrono::milliseconds ReorderHold();

  // {"enabled", "settings", "injected": {group: {kind: n}}, "log": [...]}.
  std::string StatusJson();

 private:
  void Log(const std::string& kind, const std::string& what);

  std::mutex mu_;
  bool enabled_ = false;
  FaultSettings settings_;
  std::mt19937_64 charge_rng_, refund_rng_, webhook_rng_;
  std::map<std::string, int64_t> counters_;              // "charge.502_after_charge" -> n
  std::deque<std::pair<std::string, std::string>> log_;  // (kind, what), oldest first
  int64_t logged_ = 0;
};

}  // namespace mg::sandbox
