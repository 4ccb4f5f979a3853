// Payouts of creator earnings (docs/ledger.md, "Payouts"), and the FX rates
// table they convert at. A payout retires the creator's diamonds when it is
// created, before any provider call, so that two payouts can never pay the
// same diamonds; it ends paid, or failed (the diamonds given back), and
// while the provider has not said which it holds them ("maybe paid").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "gateway/store/records.h"

namespace mg::store {

inline constexpr std::string_view kPayoutIdPrefix = "pyt";

enum class PayoutState {
  kProcessing,      // created; the provider is paying it or has not answered
  kPaid,            // the provider reports the money sent (final)
  kFailed,          // the provider refused or reports it failed (final)
  kNeedsAttention,  // still unknown after every check: escalated for a person
};
std::string_view Name(PayoutState state);  // "processing", "paid", ...
Result<PayoutState> ParsePayoutState(std::string_view name);

struct PayoutRecord {
  std::string id;  // "pyt_<24 hex>"
  std::string owner;
  std::string creator_id;      // a creator payout's creator; empty for a seller's
  std::string seller_id;       // a seller payout's seller (orders.h); empty for a creator's
  std::string market;          // the creator's market, or the one the seller is paid through
  int64_t diamonds = 0;        // retired by a creator payout; 0 for a seller's
  std::string currency;        // the payout currency (ISO 4217)
  int64_t gross_minor = 0;     // the diamonds' worth in `currency`
  int64_t withheld_minor = 0;  // tax withheld from gross
  int64_t net_minor = 0;       // gross - withheld: sent to the creator
  std::string fx_rate;         // market currency -> `currency`; empty when none was needed
  UnixMillis fx_as_of_ms = 0;  // the rates table's as-of time; 0 when none
  std::string method;          // "pix", "stripe_connect", ...
  std::string provider;        // provider instance id
  std::string destination;     // the payee's token at the provider
  PayoutState state = PayoutState::kProcessing;
  std::string provider_reference;
  std::string failure_code;     // when failed: the provider's code
  std::string failure_message;  // when failed or escalated: why
  int64_t checks = 0;           // status lookups made so far
  UnixMillis next_check_at_ms = 0;
  UnixMillis created_at_ms = 0;
  UnixMillis updated_at_ms = 0;
  friend bool operator==(const PayoutRecord&, const PayoutRecord&) = default;
};

// Fields a payout transition sets besides the state; unset ones are kept.
struct PayoutChanges {
  UnixMillis at_ms = 0;  // becomes updated_at_ms
  std::optional<std::string> provider_reference;
  std::optional<std::string> failure_code;
  std::optional<std::string> failure_message;
  std::optional<UnixMillis> next_check_at_ms;
  bool count_check = false;  // adds one to `checks`
};

// What a creator's payouts hold, in diamonds.
struct CreatorPayoutTotals {
  int64_t pending = 0;  // in payouts processing or needing attention
  int64_t paid = 0;     // in payouts paid
};

// A table of FX rates as published together (currency/fx.h, RatesTable),
// as the store keeps it for every gateway instance.
struct FxRatesRecord {
  UnixMillis as_of_ms = 0;
  int64_t max_age_ms = 0;
  std::string source;      // who published it ("ECB reference rates", a feed name)
  std::string rates_json;  // [{"from","to","rate"}], verbatim
  UnixMillis loaded_at_ms = 0;
  friend bool operator==(const FxRatesRecord&, const FxRatesRecord&) = default;
};

}  // namespace mg::store
