// The outgoing webhooks, in the order they are due, with the webhook faults
// applied (docs/sandbox.md, "Random faults"): a dropped webhook is never
// queued, a duplicated one is queued twice, a reordered one is held back
// until the next webhook of the same payment is due and then sent right
// after it (or alone once the hold time passes), so that the later event
// arrives first. Bounded: past `max_size` the oldest queued webhook is
// dropped and counted. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "gateway/sandbox/emulator.h"
#include "gateway/sandbox/fault_injector.h"

namespace mg::sandbox {

class WebhookQueue {
 public:
  using Clock = std::chrono::steady_clock;
  explicit WebhookQueue(std::size_t max_size = 100000) : max_size_(max_size) {}

  // Queues `hook` to go out at hook.due + fault.delay.
  void Push(Webhook hook, const WebhookFault& fault, std::chrono::milliseconds reorder_hold);
  // Queues a webhook whose delivery failed again, at `due`, with no fault.
  void Redeliver(Webhook hook, Clock::time_point due);
  // The webhooks due by `now`, in order; held ones whose hold passed too.
  std::vector<Webhook> TakeDue(Clock::time_point now);
  std::size_t overflowed();

 private:
  using Slot = std::pair<Clock::time_point, uint64_t>;  // (due, arrival) keeps order stable
  void EnqueueLocked(Webhook hook, Clock::time_point due);

  std::mutex mu_;
  std::size_t max_size_;
  uint64_t arrivals_ = 0;
  std::size_t overflowed_ = 0;
  std::map<Slot, Webhook> queue_;
  struct Held {
    Webhook hook;
    Clock::time_point release_by;
  };
  std::map<std::string, Held> held_;  // by payment (Webhook::group)
};

}  // namespace mg::sandbox
