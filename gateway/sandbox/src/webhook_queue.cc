#include "webhook_queue.h"

namespace mg::sandbox {

void WebhookQueue::Push(Webhook hook, const WebhookFault& fault,
                        std::chrono::milliseconds reorder_hold) {
  using Action = WebhookFault::Action;
  if (fault.action == Action::kDrop) return;
  std::lock_guard lock(mu_);
  Clock::time_point due = hook.due + fault.delay;
  std::string group = hook.group;
  auto held = group.empty() ? held_.end() : held_.find(group);
  if (held == held_.end() && fault.action == Action::kReorder && !group.empty()) {
    // Held back until the next webhook of the same payment is due.
    held_.emplace(group, Held{std::move(hook), due + reorder_hold});
    return;
  }
  if (fault.action == Action::kDuplicate) EnqueueLocked(hook, due);
  EnqueueLocked(std::move(hook), due);
  if (held != held_.end()) {
    // The later event went first; the earlier one follows it.
    EnqueueLocked(std::move(held->second.hook), due);
    held_.erase(held);
  }
}

void WebhookQueue::Redeliver(Webhook hook, Clock::time_point due) {
  std::lock_guard lock(mu_);
  EnqueueLocked(std::move(hook), due);
}

void WebhookQueue::EnqueueLocked(Webhook hook, Clock::time_point due) {
  hook.due = due;
  queue_.emplace(Slot{due, ++arrivals_}, std::move(hook));
  while (queue_.size() > max_size_) {
    queue_.erase(queue_.begin());
    ++overflowed_;
  }
}

std::vector<Webhook> WebhookQueue::TakeDue(Clock::time_point now) {
  std::lock_guard lock(mu_);
  for (auto it = held_.begin(); it != held_.end();) {
    if (it->second.release_by <= now) {
      EnqueueLocked(std::move(it->second.hook), it->second.release_by);
      it = held_.erase(it);
    } else {
      ++it;
    }
  }
  std::vector<Webhook> out;
  auto end = queue_.upper_bound(Slot{now, UINT64_MAX});
  for (auto it = queue_.begin(); it != end; ++it) out.push_back(std::move(it->second));
  queue_.erase(queue_.begin(), end);
  return out;
}

std::size_t WebhookQueue::overflowed() {
  std::lock_guard lock(mu_);
  return overflowed_;
}

}  // namespace mg::sandbox
