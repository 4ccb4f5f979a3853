#include "gateway/store/spend_history.h"

namespace mg::store {
namespace {

UnixMillis ToMillis(compliance::Timestamp time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

}  // namespace

Result<int64_t> StoreSpendHistory::SpentInWindow(std::string_view customer_id,
                                                 std::string_view market, compliance::Timestamp now,
                                                 std::chrono::seconds window) const {
  // Decisions see time in whole seconds, spends are stamped in milliseconds:
  // the window ends at the last millisecond of `now`'s second, so that a
  // spend made earlier in that second counts. Its length stays `window`.
  const UnixMillis until = ToMillis(now + std::chrono::seconds(1)) - 1;
  const UnixMillis since =
      until - std::chrono::duration_cast<std::chrono::milliseconds>(window).count();
  return store_->SpendInWindow(customer_id, market, since, until);
}

Result<compliance::SpendHistory::ScaTally> StoreSpendHistory::SinceLastSca(
    std::string_view customer_id, std::string_view market) const {
  MG_ASSIGN_OR_RETURN(const store::ScaTally tally, store_->SpendSinceLastSca(customer_id, market));
  return compliance::SpendHistory::ScaTally{tally.amount_minor, tally.count};
}

}  // namespace mg::store
