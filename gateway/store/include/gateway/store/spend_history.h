// StoreSpendHistory: the compliance layer's SpendHistory read from the
// store's spend records.
#pragma once

#include "compliance/spend_history.h"
#include "gateway/store/store.h"

namespace mg::store {

class StoreSpendHistory : public compliance::SpendHistory {
 public:
  // REQUIRES: `store` outlives this object.
  explicit StoreSpendHistory(Store* store) : store_(store) {}

  Result<int64_t> SpentInWindow(std::string_view customer_id, std::string_view market,
                                compliance::Timestamp now,
                                std::chrono::seconds window) const override;
  Result<compliance::SpendHistory::ScaTally> SinceLastSca(std::string_view customer_id,
                                                          std::string_view market) const override;

 private:
  Store* store_;
};

}  // namespace mg::store
