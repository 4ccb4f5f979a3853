// The sandbox's own record of every charge it made, with the idempotency key
// that created it, its refunds, the technical cancels it received, and the
// responses it gave per idempotency key, so that a replayed key returns the
// first answer and never a second charge. GET /_sandbox/ledger serves it
// (docs/sandbox.md). Thread-safe.
//
// Bounded, so that a soak test cannot grow it without limit: past
// `max_charges` it drops the oldest charge with nothing left to happen (no
// Pix payment or refund still due), and past `max_answers` the oldest stored
// answer. A key whose answer was dropped is a new request again.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "gateway/sandbox/sandbox_types.h"

namespace mg::sandbox {

struct LedgerLimits {
  std::size_t max_charges = 100000;
  std::size_t max_answers = 100000;
};

struct LedgerStats {
  std::size_t charges = 0;
  std::size_t answers = 0;
  std::size_t evicted_charges = 0;
  std::size_t evicted_answers = 0;
};

class Ledger {
 public:
  explicit Ledger(LedgerLimits limits = {});
  void SetLimits(LedgerLimits limits);

  // Looks up a stored answer. `fingerprint` identifies the request body; a
  // key reused with another body is a conflict. kNone claims the key: until
  // StoreAnswer or Release, the same key is kInProgress, so that two
  // concurrent retries cannot both act.
  enum class Replay { kNone, kSame, kConflict, kInProgress };
  Replay FindReplay(const std::string& scope, const std::string& key,
                    const std::string& fingerprint, StoredAnswer* answer);
  // Stores the answer and releases the claim.
  void StoreAnswer(const std::string& scope, const std::string& key, const std::string& fingerprint,
                   StoredAnswer answer);
  // Releases the claim without storing (answers that are not replayed).
  void Release(const std::string& scope, const std::string& key);

  // Adds a charge and returns its id (prefix + sequence number).
  std::string AddCharge(Charge charge, const std::string& id_prefix);
  // Runs `fn` on the charge under the lock; false when absent.
  bool Update(const std::string& id, const std::function<void(Charge&)>& fn);
  std::optional<Charge> Get(const std::string& id);
  // Every charge, oldest first.
  std::vector<Charge> All();
  // Visits charges under the lock, oldest or newest first, until `fn`
  // returns false. `fn` must not call back into the ledger.
  void Visit(bool newest_first, const std::function<bool(const Charge&)>& fn);

  // A second name for a charge (the Pix endToEndId).
  void AddAlias(const std::string& alias, const std::string& id);
  std::optional<Charge> GetByAlias(const std::string& alias);

  // Refunds live in their charge. With `index`, the ledger also finds them
  // by id alone (Stripe and Adyen ids are unique; Pix devolução ids are
  // only unique per Pix, so Pix finds them through the charge).
  // `admit` runs first under the same lock: it may check and change the
  // charge (amount_refunded) and refuses the refund by returning false.
  // False when the charge is absent or the refund was refused.
  bool AddRefund(const std::string& charge_id, Refund refund, bool index,
                 const std::function<bool(Charge&)>& admit = nullptr);
  // Runs `fn` on the refund and its charge under the lock; false when absent.
  bool UpdateRefund(const std::string& charge_id, const std::string& refund_id,
                    const std::function<void(Charge&, Refund&)>& fn);
  // The charge holding the refund, or nullopt.
  std::optional<Charge> ChargeOfRefund(const std::string& refund_id);
  // Visits indexed refunds (with their charge) oldest or newest first until
  // `fn` returns false.
  void VisitRefunds(bool newest_first, const std::function<bool(const Charge&, const Refund&)>& fn);

  void AddTechnicalCancel(TechnicalCancel cancel);
  std::vector<TechnicalCancel> TechnicalCancels();

  // Work for the background thread, run once `due` has passed.
  void Schedule(std::chrono::steady_clock::time_point due, DueTask task);
  std::vector<DueTask> TakeDue(std::chrono::steady_clock::time_point now);

  int64_t NextSequence();
  LedgerStats Stats();

 private:
  struct Entry {
    Charge charge;
    std::list<std::string>::iterator position;
  };
  struct Answer {
    std::string fingerprint;
    StoredAnswer answer;
    std::list<std::string>::iterator position;
  };
  void EvictChargesLocked();
  void EraseChargeLocked(std::unordered_map<std::string, Entry>::iterator it);

  std::mutex mu_;
  LedgerLimits limits_;
  std::unordered_map<std::string, Entry> charges_;  // by id
  std::list<std::string> order_;                    // oldest first
  std::unordered_map<std::string, std::string> aliases_;
  struct RefundSlot {
    std::string charge_id;
    std::list<std::string>::iterator position;
  };
  std::unordered_map<std::string, RefundSlot> refund_owner_;  // by refund id
  std::list<std::string> refund_order_;                       // oldest first
  std::unordered_map<std::string, Answer> answers_;           // scope:key
  std::list<std::string> answer_order_;
  std::set<std::string> in_flight_;  // scope:key claimed and not yet answered
  std::deque<TechnicalCancel> cancels_;
  std::multimap<std::chrono::steady_clock::time_point, DueTask> due_;
  int64_t sequence_ = 0;
  std::size_t evicted_charges_ = 0;
  std::size_t evicted_answers_ = 0;
};

}  // namespace mg::sandbox
