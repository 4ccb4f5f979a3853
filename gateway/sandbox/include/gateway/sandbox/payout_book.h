// The sandbox's record of payouts (docs/sandbox.md, "Payouts"): Stripe
// transfers to connected accounts and the payouts made from them, Adyen
// balance-platform transfers. Apart from the ledger of charges, so that
// `marketgate audit`, which reads the ledger as the providers' payments,
// never takes a payout for a charge. Thread-safe.
//
// Bounded like the ledger: past `max_entries` the oldest entry is dropped
// (entries are final when added, so nothing is left to happen to it).
// Balances are kept per (account, currency) the sandbox knows, a set as
// small as its destination tokens.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace mg::sandbox {

struct PayoutEntry {
  std::string id{};    // tr_sbx_4, po_sbx_5, or an Adyen transfer id
  std::string kind{};  // "stripe_transfer", "stripe_payout", "adyen_transfer"
  // Stripe: the connected account (the transfer's destination, the payout's
  // Stripe-Account); Adyen: the counterparty's transferInstrumentId.
  std::string account{};
  std::string reference{};  // transfer_group, metadata[payout_id], Adyen `reference`
  int64_t amount = 0;       // in the provider's unit
  std::string currency{};   // upper case
  std::string status{};     // the provider's word, final: paid, failed, credited, ...
  std::string failure_code{};
  std::string failure_message{};
  int64_t created = 0;                         // unix seconds
  std::map<std::string, std::string> extra{};  // description, metadata.*, ...
};

struct PayoutBookStats {
  std::size_t entries = 0;
  std::size_t evicted = 0;
};

class PayoutBook {
 public:
  explicit PayoutBook(std::size_t max_entries = 100000);
  void SetLimit(std::size_t max_entries);

  void Add(PayoutEntry entry);
  std::optional<PayoutEntry> Get(const std::string& id);
  // Visits entries newest first until `fn` returns false. `fn` must not
  // call back into the book.
  void Visit(const std::function<bool(const PayoutEntry&)>& fn);

  // Money an account holds (Stripe's connected-account balance).
  void Credit(const std::string& account, const std::string& currency, int64_t amount);
  // Takes `amount` when the balance covers it; false (and nothing taken)
  // otherwise.
  bool Debit(const std::string& account, const std::string& currency, int64_t amount);

  PayoutBookStats Stats();

 private:
  std::mutex mu_;
  std::size_t max_entries_;
  std::deque<std::string> order_;  // oldest first
  std::unordered_map<std::string, PayoutEntry> entries_;
  std::map<std::pair<std::string, std::string>, int64_t> balances_;
  std::size_t evicted_ = 0;
};

}  // namespace mg::sandbox
