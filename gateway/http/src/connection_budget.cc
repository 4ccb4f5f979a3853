#include "connection_budget.h"

#include <utility>

namespace mg::http {

ConnectionBudget::Slot& ConnectionBudget::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    Release();
    budget_ = std::move(other.budget_);
    address_ = std::move(other.address_);
  }
  return *this;
}

ConnectionBudget::Slot::~Slot() { Release(); }

void ConnectionBudget::Slot::Release() {
  if (budget_) std::exchange(budget_, nullptr)->Release(address_);
}

ConnectionBudget::ConnectionBudget(size_t max_connections, size_t max_per_address)
    : max_connections_(max_connections), max_per_address_(max_per_address) {}

ConnectionBudget::Admission ConnectionBudget::Admit(const std::string& address) {
  std::lock_guard lock(mutex_);
  if (open_ >= max_connections_) return {Refusal::kListenerFull, {}};
  size_t& from_address = per_address_[address];
  if (from_address >= max_per_address_) {
    if (from_address == 0) per_address_.erase(address);
    return {Refusal::kAddressFull, {}};
  }
  ++from_address;
  ++open_;
  return {Refusal::kNone, Slot(shared_from_this(), address)};
}

void ConnectionBudget::Release(const std::string& address) {
  std::lock_guard lock(mutex_);
  --open_;
  auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

size_t ConnectionBudget::open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

size_t ConnectionBudget::open_from(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto it = per_address_.find(address);
  return it == per_address_.end() ? 0 : it->second;
}

}  // namespace mg::http
