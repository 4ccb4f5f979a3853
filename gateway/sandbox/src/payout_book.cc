#include "gateway/sandbox/payout_book.h"

#include <utility>

namespace mg::sandbox {

PayoutBook::PayoutBook(std::size_t max_entries) : max_entries_(max_entries) {}

void PayoutBook::SetLimit(std::size_t max_entries) {
  std::lock_guard lock(mu_);
  max_entries_ = max_entries;
}

void PayoutBook::Add(PayoutEntry entry) {
  std::lock_guard lock(mu_);
  order_.push_back(entry.id);
  entries_[entry.id] = std::move(entry);
  while (entries_.size() > max_entries_ && !order_.empty()) {
    entries_.erase(order_.front());
    order_.pop_front();
    ++evicted_;
  }
}

std::optional<PayoutEntry> PayoutBook::Get(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void PayoutBook::Visit(const std::function<bool(const PayoutEntry&)>& fn) {
  std::lock_guard lock(mu_);
  for (auto id = order_.rbegin(); id != order_.rend(); ++id) {
    if (!fn(entries_.at(*id))) return;
  }
}

void PayoutBook::Credit(const std::string& account, const std::string& currency, int64_t amount) {
  std::lock_guard lock(mu_);
  balances_[{account, currency}] += amount;
}

bool PayoutBook::Debit(const std::string& account, const std::string& currency, int64_t amount) {
  std::lock_guard lock(mu_);
  auto it = balances_.find({account, currency});
  if (it == balances_.end() || it->second < amount) return false;
  it->second -= amount;
  return true;
}

PayoutBookStats PayoutBook::Stats() {
  std::lock_guard lock(mu_);
  return PayoutBookStats{entries_.size(), evicted_};
}

}  // namespace mg::sandbox
