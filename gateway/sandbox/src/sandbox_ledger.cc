#include "gateway/sandbox/sandbox_ledger.h"

namespace mg::sandbox {

Ledger::Replay Ledger::FindReplay(const std::string& scope, const std::string& key,
                                  const std::string& fingerprint, StoredAnswer* answer) {
  if (key.empty()) return Replay::kNone;
  std::lock_guard lock(mu_);
  auto it = answers_.find(scope + ":" + key);
  if (it == answers_.end()) return Replay::kNone;
  if (it->second.first != fingerprint) return Replay::kConflict;
  *answer = it->second.second;
  return Replay::kSame;
}

void Ledger::StoreAnswer(const std::string& scope, const std::string& key,
                         const std::string& fingerprint, StoredAnswer answer) {
  if (key.empty()) return;
  std::lock_guard lock(mu_);
  answers_.emplace(scope + ":" + key, std::make_pair(fingerprint, std::move(answer)));
}

std::string Ledger::AddCharge(Charge charge, const std::string& id_prefix) {
  std::lock_guard lock(mu_);
  if (charge.id.empty()) charge.id = id_prefix + std::to_string(++sequence_);
  std::string id = charge.id;
  order_.push_back(id);
  charges_.emplace(id, std::move(charge));
  return id;
}

bool Ledger::Update(const std::string& id, const std::function<void(Charge&)>& fn) {
  std::lock_guard lock(mu_);
  auto it = charges_.find(id);
  if (it == charges_.end()) return false;
  fn(it->second);
  return true;
}

std::optional<Charge> Ledger::Get(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = charges_.find(id);
  if (it == charges_.end()) return std::nullopt;
  return it->second;
}

std::vector<Charge> Ledger::All() {
  std::lock_guard lock(mu_);
  std::vector<Charge> out;
  for (const std::string& id : order_) out.push_back(charges_.at(id));
  return out;
}

int64_t Ledger::NextSequence() {
  std::lock_guard lock(mu_);
  return ++sequence_;
}

}  // namespace mg::sandbox
