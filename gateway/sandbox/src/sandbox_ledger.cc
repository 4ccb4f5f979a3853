#include "gateway/sandbox/sandbox_ledger.h"

#include <algorithm>

namespace mg::sandbox {
namespace {

// How far from the oldest end eviction looks for a settled charge before it
// gives up and drops the oldest: keeps every insert cheap.
constexpr std::size_t kEvictionScan = 1024;

// Nothing will happen to it any more: no Pix payment or refund still due.
bool Settled(const Charge& c) {
  if (c.settles && c.status == "ATIVA") return false;
  return std::none_of(c.refunds.begin(), c.refunds.end(),
                      [](const Refund& r) { return r.status == "pending"; });
}

}  // namespace

Ledger::Ledger(LedgerLimits limits) : limits_(limits) {}

void Ledger::SetLimits(LedgerLimits limits) {
  std::lock_guard lock(mu_);
  limits_ = limits;
}

Ledger::Replay Ledger::FindReplay(const std::string& scope, const std::string& key,
                                  const std::string& fingerprint, StoredAnswer* answer) {
  if (key.empty()) return Replay::kNone;
  std::lock_guard lock(mu_);
  std::string slot = scope + ":" + key;
  if (in_flight_.count(slot)) return Replay::kInProgress;
  auto it = answers_.find(slot);
  if (it == answers_.end()) {
    in_flight_.insert(slot);
    return Replay::kNone;
  }
  if (it->second.fingerprint != fingerprint) return Replay::kConflict;
  *answer = it->second.answer;
  return Replay::kSame;
}

void Ledger::StoreAnswer(const std::string& scope, const std::string& key,
                         const std::string& fingerprint, StoredAnswer answer) {
  if (key.empty()) return;
  std::lock_guard lock(mu_);
  std::string slot = scope + ":" + key;
  in_flight_.erase(slot);
  if (answers_.count(slot)) return;  // the first answer stays
  answer_order_.push_back(slot);
  answers_.emplace(slot, Answer{fingerprint, std::move(answer), std::prev(answer_order_.end())});
  while (answers_.size() > limits_.max_answers && !answer_order_.empty()) {
    answers_.erase(answer_order_.front());
    answer_order_.pop_front();
    ++evicted_answers_;
  }
}

void Ledger::Release(const std::string& scope, const std::string& key) {
  if (key.empty()) return;
  std::lock_guard lock(mu_);
  in_flight_.erase(scope + ":" + key);
}

std::string Ledger::AddCharge(Charge charge, const std::string& id_prefix) {
  std::lock_guard lock(mu_);
  if (charge.id.empty()) charge.id = id_prefix + std::to_string(++sequence_);
  std::string id = charge.id;
  order_.push_back(id);
  charges_.emplace(id, Entry{std::move(charge), std::prev(order_.end())});
  EvictChargesLocked();
  return id;
}

void Ledger::EvictChargesLocked() {
  while (charges_.size() > limits_.max_charges && !order_.empty()) {
    auto victim = charges_.find(order_.front());
    std::size_t scanned = 0;
    // Never the charge just added: its creator is about to answer with it.
    auto newest = std::prev(order_.end());
    for (auto pos = order_.begin(); pos != newest && scanned < kEvictionScan; ++pos, ++scanned) {
      auto it = charges_.find(*pos);
      if (Settled(it->second.charge)) {
        victim = it;
        break;
      }
    }
    EraseChargeLocked(victim);
    ++evicted_charges_;
  }
}

void Ledger::EraseChargeLocked(std::unordered_map<std::string, Entry>::iterator it) {
  const Charge& c = it->second.charge;
  for (const Refund& r : c.refunds) {
    auto owner = refund_owner_.find(r.id);
    if (owner != refund_owner_.end() && owner->second.charge_id == c.id) {
      refund_order_.erase(owner->second.position);
      refund_owner_.erase(owner);
    }
  }
  if (auto e2e = c.extra.find("e2eid"); e2e != c.extra.end()) aliases_.erase(e2e->second);
  order_.erase(it->second.position);
  charges_.erase(it);
}

bool Ledger::Update(const std::string& id, const std::function<void(Charge&)>& fn) {
  std::lock_guard lock(mu_);
  auto it = charges_.find(id);
  if (it == charges_.end()) return false;
  fn(it->second.charge);
  return true;
}

std::optional<Charge> Ledger::Get(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = charges_.find(id);
  if (it == charges_.end()) return std::nullopt;
  return it->second.charge;
}

std::vector<Charge> Ledger::All() {
  std::vector<Charge> out;
  Visit(false, [&out](const Charge& c) {
    out.push_back(c);
    return true;
  });
  return out;
}

void Ledger::Visit(bool newest_first, const std::function<bool(const Charge&)>& fn) {
  std::lock_guard lock(mu_);
  if (newest_first) {
    for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
      if (!fn(charges_.at(*it).charge)) return;
    }
  } else {
    for (const std::string& id : order_) {
      if (!fn(charges_.at(id).charge)) return;
    }
  }
}

void Ledger::AddAlias(const std::string& alias, const std::string& id) {
  std::lock_guard lock(mu_);
  aliases_[alias] = id;
}

std::optional<Charge> Ledger::GetByAlias(const std::string& alias) {
  std::lock_guard lock(mu_);
  auto a = aliases_.find(alias);
  if (a == aliases_.end()) return std::nullopt;
  auto it = charges_.find(a->second);
  if (it == charges_.end()) return std::nullopt;
  return it->second.charge;
}

bool Ledger::AddRefund(const std::string& charge_id, Refund refund, bool index,
                       const std::function<bool(Charge&)>& admit) {
  std::lock_guard lock(mu_);
  auto it = charges_.find(charge_id);
  if (it == charges_.end()) return false;
  if (admit && !admit(it->second.charge)) return false;
  if (index) {
    refund_order_.push_back(refund.id);
    refund_owner_[refund.id] = RefundSlot{charge_id, std::prev(refund_order_.end())};
  }
  it->second.charge.refunds.push_back(std::move(refund));
  return true;
}

bool Ledger::UpdateRefund(const std::string& charge_id, const std::string& refund_id,
                          const std::function<void(Charge&, Refund&)>& fn) {
  std::lock_guard lock(mu_);
  auto it = charges_.find(charge_id);
  if (it == charges_.end()) return false;
  Charge& c = it->second.charge;
  for (Refund& r : c.refunds) {
    if (r.id == refund_id) {
      fn(c, r);
      return true;
    }
  }
  return false;
}

std::optional<Charge> Ledger::ChargeOfRefund(const std::string& refund_id) {
  std::lock_guard lock(mu_);
  auto owner = refund_owner_.find(refund_id);
  if (owner == refund_owner_.end()) return std::nullopt;
  auto it = charges_.find(owner->second.charge_id);
  if (it == charges_.end()) return std::nullopt;
  return it->second.charge;
}

void Ledger::VisitRefunds(bool newest_first,
                          const std::function<bool(const Charge&, const Refund&)>& fn) {
  std::lock_guard lock(mu_);
  auto visit = [&](const std::string& refund_id) {
    const Charge& c = charges_.at(refund_owner_.at(refund_id).charge_id).charge;
    for (const Refund& r : c.refunds) {
      if (r.id == refund_id) return fn(c, r);
    }
    return true;
  };
  if (newest_first) {
    for (auto it = refund_order_.rbegin(); it != refund_order_.rend(); ++it) {
      if (!visit(*it)) return;
    }
  } else {
    for (const std::string& id : refund_order_) {
      if (!visit(id)) return;
    }
  }
}

void Ledger::AddTechnicalCancel(TechnicalCancel cancel) {
  std::lock_guard lock(mu_);
  cancels_.push_back(std::move(cancel));
  while (cancels_.size() > limits_.max_charges) cancels_.pop_front();
}

std::vector<TechnicalCancel> Ledger::TechnicalCancels() {
  std::lock_guard lock(mu_);
  return {cancels_.begin(), cancels_.end()};
}

void Ledger::Schedule(std::chrono::steady_clock::time_point due, DueTask task) {
  std::lock_guard lock(mu_);
  due_.emplace(due, std::move(task));
}

std::vector<DueTask> Ledger::TakeDue(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mu_);
  std::vector<DueTask> out;
  auto end = due_.upper_bound(now);
  for (auto it = due_.begin(); it != end; ++it) out.push_back(std::move(it->second));
  due_.erase(due_.begin(), end);
  return out;
}

int64_t Ledger::NextSequence() {
  std::lock_guard lock(mu_);
  return ++sequence_;
}

LedgerStats Ledger::Stats() {
  std::lock_guard lock(mu_);
  return LedgerStats{charges_.size(), answers_.size(), evicted_charges_, evicted_answers_};
}

}  // namespace mg::sandbox
