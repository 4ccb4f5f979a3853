#include "connection.h"

#include <utility>
#include <vector>

namespace mg::http {

bool ConnectionTracker::Add(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex_);
  if (shutting_down_) return false;
  open_.emplace(connection.get(), connection);
  return true;
}

void ConnectionTracker::Remove(Connection* connection) {
  std::function<void()> on_empty;
  {
    std::lock_guard lock(mutex_);
    open_.erase(connection);
    if (shutting_down_ && open_.empty()) on_empty = std::exchange(on_empty_, nullptr);
  }
  if (on_empty) on_empty();
}

void ConnectionTracker::ShutdownAll(std::function<void()> on_empty) {
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    for (auto& [raw, weak] : open_) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
    if (open_.empty()) {
      on_empty_ = nullptr;
    } else {
      on_empty_ = std::move(on_empty);
      on_empty = nullptr;
    }
  }
  for (auto& connection : open) connection->BeginShutdown();
  if (on_empty) on_empty();
}

void ConnectionTracker::CloseAll() {
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    on_empty_ = nullptr;
    for (auto& [raw, weak] : open_) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
  }
  for (auto& connection : open) connection->CloseNow();
}

size_t ConnectionTracker::size() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

}  // namespace mg::http
