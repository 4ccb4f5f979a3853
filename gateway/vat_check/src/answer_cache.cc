#include "gateway/vat_check/answer_cache.h"

#include <utility>

namespace mg::vat_check {

AnswerCache::AnswerCache(std::chrono::seconds ttl, std::size_t max_entries, SteadyNow now)
    : ttl_(ttl), max_entries_(max_entries == 0 ? 1 : max_entries), now_(std::move(now)) {
  if (!now_) now_ = [] { return std::chrono::steady_clock::now(); };
}

std::optional<RegistryAnswer> AnswerCache::Find(const std::string& normalized_id) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(normalized_id);
  if (it == entries_.end()) return std::nullopt;
  // An expired entry stays until it is stored again or pushed out: Find()
  // is const and readers should not pay for the clean-up.
  if (now_() - it->second.stored >= ttl_) return std::nullopt;
  return it->second.answer;
}

void AnswerCache::Store(const std::string& normalized_id, RegistryAnswer answer) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(normalized_id);
  if (it != entries_.end()) {
    order_.erase(it->second.order);
    entries_.erase(it);
  }
  while (entries_.size() >= max_entries_ && !order_.empty()) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
  order_.push_back(normalized_id);
  entries_.emplace(normalized_id, Entry{std::move(answer), now_(), std::prev(order_.end())});
}

std::size_t AnswerCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace mg::vat_check
