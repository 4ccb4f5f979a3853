// The one place where marketgate decides whether a request may proceed.
//
// Decide() is pure and deterministic: the same market, request and context
// give the same Decision, byte for byte. It reads no clock, no store and no
// network; time and spend figures come in through the DecisionContext.
// Nothing else in marketgate allows or refuses a request on regulatory
// grounds.
#pragma once

#include <cstdint>
#include <string>

#include "compliance/decision.h"
#include "compliance/request.h"
#include "compliance/spend_history.h"
#include "currency/money.h"
#include "regions/market.h"
#include "regions/vat_id.h"

namespace mg::compliance {

struct DecisionContext {
  // Set by the caller.
  Timestamp now{};  // the request's time (for spend windows); never read from a clock here
  // Where BuildQuote() looks up spend figures when the request declares none.
  // Not read by Decide(). May be null.
  const SpendHistory* spend_history = nullptr;
  // The providers that can take payments here (the gateway's configured
  // instances), for the quote's payment methods. Empty: every provider the
  // market names (tools that quote without a gateway). Not read by Decide().
  regions::ProviderFilter usable_providers;
  // Decides whether a business customer's VAT ID counts for the reverse
  // charge (e.g. one that asks VIES and HMRC, gateway/vat_check). Null: the
  // offline check of syntax and check digits. Must outlive BuildQuote();
  // thread-safe by its contract. Not read by Decide().
  const regions::VatIdChecker* vat_id_checker = nullptr;

  // Filled by BuildQuote() before it calls Decide(); set them yourself when
  // calling Decide() directly.
  int64_t amount = 0;  // what the customer pays, gross, minor units of the market currency
  SpendFigures spend;  // the customer's spend before this request
  std::string locale;  // the resolved locale; empty: the request's, else the market default
  // A check of a rule that does not govern the request keeps its reason,
  // legal reference and source (the compliance report shows them). The
  // API's quotes name such rules only (decision_json.cc) and set it false:
  // copying those texts for the twenty-odd rules a coin purchase does not
  // touch was a tenth of a quote's work (route_bench, callgrind).
  bool explain_not_applicable = true;
};

Decision Decide(const regions::Market& market, const QuoteRequest& request,
                const DecisionContext& context);

// The creator's side alone: whether `creator` may receive gifts in
// `market` (registering a creator). Only receive_gift rules and the
// standing check apply; every other rule is listed as not applicable.
Decision DecideCreator(const regions::Market& market, const GiftRecipient& creator);

// Whether `creator` may be paid `gross` (in the market's payout currency)
// in `market`: the market status, payouts offered (kPayoutOfferedCheckId),
// the receive_gift age gates and the standing, the tax identity where the
// market requires one (kPayoutTaxIdentityCheckId) and the minimum payout
// (kPayoutMinimumCheckId). Every other rule is listed as not applicable.
Decision DecidePayout(const regions::Market& market, const PayoutRecipient& creator,
                      const Money& gross);

}  // namespace mg::compliance
