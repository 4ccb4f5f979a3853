// The sandbox's own record of every charge it made, with the idempotency key
// that created it, and of the responses it gave per idempotency key, so that
// a replayed key returns the first answer and never a second charge.
// GET /_sandbox/ledger serves it (docs/sandbox.md). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gateway/sandbox/sandbox_types.h"

namespace mg::sandbox {

class Ledger {
 public:
  // Looks up a stored answer. `fingerprint` identifies the request body; a
  // key reused with another body is a conflict.
  enum class Replay { kNone, kSame, kConflict };
  Replay FindReplay(const std::string& scope, const std::string& key,
                    const std::string& fingerprint, StoredAnswer* answer);
  void StoreAnswer(const std::string& scope, const std::string& key, const std::string& fingerprint,
                   StoredAnswer answer);

  // Adds a charge and returns its id (prefix + sequence number).
  std::string AddCharge(Charge charge, const std::string& id_prefix);
  // Runs `fn` on the charge under the lock; false when absent.
  bool Update(const std::string& id, const std::function<void(Charge&)>& fn);
  std::optional<Charge> Get(const std::string& id);
  std::vector<Charge> All();
  int64_t NextSequence();

 private:
  std::mutex mu_;
  std::map<std::string, Charge> charges_;  // by id
  std::vector<std::string> order_;
  std::map<std::string, std::pair<std::string, StoredAnswer>> answers_;  // scope:key
  int64_t sequence_ = 0;
};

}  // namespace mg::sandbox
