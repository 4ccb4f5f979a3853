#include "gateway/providers/webhook_event.h"

namespace mg::providers {

Status AsSignatureError(const Status& status, std::string_view where) {
  if (status.code() == ErrorCode::kUnauthenticated) return status;
  return Status(ErrorCode::kUnauthenticated, "bad webhook signature: " + status.message(),
                std::string(where));
}

bool RecentEvents::FirstSeen(std::string_view provider, std::string_view event_id) {
  std::string key = std::string(provider) + '\x1f' + std::string(event_id);
  std::lock_guard lock(mu_);
  if (!seen_.insert(key).second) return false;
  order_.push_back(std::move(key));
  if (order_.size() > capacity_) {
    seen_.erase(order_.front());
    order_.pop_front();
  }
  return true;
}

}  // namespace mg::providers
