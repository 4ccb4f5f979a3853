#include "gateway/store/records.h"

#include <array>
#include <string>

#include "gateway/store/gifts.h"
#include "gateway/store/payouts.h"

namespace mg::store {
namespace {

// Names indexed by the enumerator's value; the enums are dense from 0.
template <typename Enum, size_t N>
std::string_view NameIn(const std::array<std::string_view, N>& names, Enum value) {
  const auto index = static_cast<size_t>(value);
  return index < N ? names[index] : std::string_view("unknown");
}

template <typename Enum, size_t N>
Result<Enum> ParseIn(const std::array<std::string_view, N>& names, std::string_view name,
                     std::string_view what) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return InvalidArgument("unknown " + std::string(what) + " '" + std::string(name) + "'");
}

constexpr std::array<std::string_view, 9> kPurchaseStates = {
    "created",  "requires_action", "pending",  "succeeded",         "failed",
    "canceled", "expired",         "refunded", "partially_refunded"};
constexpr std::array<std::string_view, 8> kAdBookingStates = {
    "created", "requires_action", "pending", "confirmed", "invoiced", "paid", "failed", "canceled"};
constexpr std::array<std::string_view, 2> kPaymentTerms = {"card_prepayment", "invoice"};
constexpr std::array<std::string_view, 3> kRefundStates = {"pending", "succeeded", "failed"};
constexpr std::array<std::string_view, 3> kRefundAfterGifts = {"platform_absorbs", "unspent_only",
                                                               "claw_back_diamonds"};
constexpr std::array<std::string_view, 6> kAttemptOperations = {
    "authorize", "capture", "void", "refund", "status", "complete_action"};
constexpr std::array<std::string_view, 8> kAttemptStates = {
    "started", "succeeded",       "declined",    "requires_action",
    "pending", "retryable_error", "fatal_error", "ambiguous"};
constexpr std::array<std::string_view, 2> kCreatorStandings = {"good", "restricted"};
constexpr std::array<std::string_view, 4> kPayoutStates = {"processing", "paid", "failed",
                                                           "needs_attention"};

}  // namespace

bool IsSettled(PurchaseState state) {
  return state == PurchaseState::kSucceeded || state == PurchaseState::kPartiallyRefunded ||
         state == PurchaseState::kRefunded;
}

std::string_view Name(PurchaseState state) { return NameIn(kPurchaseStates, state); }
std::string_view Name(AdBookingState state) { return NameIn(kAdBookingStates, state); }
std::string_view Name(PaymentTerms terms) { return NameIn(kPaymentTerms, terms); }
std::string_view Name(RefundState state) { return NameIn(kRefundStates, state); }
std::string_view Name(RefundAfterGifts policy) { return NameIn(kRefundAfterGifts, policy); }
std::string_view Name(AttemptOperation operation) { return NameIn(kAttemptOperations, operation); }
std::string_view Name(AttemptState state) { return NameIn(kAttemptStates, state); }
std::string_view Name(CreatorStanding standing) { return NameIn(kCreatorStandings, standing); }
std::string_view Name(PayoutState state) { return NameIn(kPayoutStates, state); }

Result<PurchaseState> ParsePurchaseState(std::string_view name) {
  return ParseIn<PurchaseState>(kPurchaseStates, name, "purchase state");
}
Result<AdBookingState> ParseAdBookingState(std::string_view name) {
  return ParseIn<AdBookingState>(kAdBookingStates, name, "ad booking state");
}
Result<PaymentTerms> ParsePaymentTerms(std::string_view name) {
  return ParseIn<PaymentTerms>(kPaymentTerms, name, "payment terms");
}
Result<RefundState> ParseRefundState(std::string_view name) {
  return ParseIn<RefundState>(kRefundStates, name, "refund state");
}
Result<RefundAfterGifts> ParseRefundAfterGifts(std::string_view name) {
  return ParseIn<RefundAfterGifts>(kRefundAfterGifts, name, "refund policy after gifts");
}
Result<AttemptOperation> ParseAttemptOperation(std::string_view name) {
  return ParseIn<AttemptOperation>(kAttemptOperations, name, "attempt operation");
}
Result<AttemptState> ParseAttemptState(std::string_view name) {
  return ParseIn<AttemptState>(kAttemptStates, name, "attempt state");
}

Result<CreatorStanding> ParseCreatorStanding(std::string_view name) {
  return ParseIn<CreatorStanding>(kCreatorStandings, name, "creator standing");
}

Result<PayoutState> ParsePayoutState(std::string_view name) {
  return ParseIn<PayoutState>(kPayoutStates, name, "payout state");
}

}  // namespace mg::store
