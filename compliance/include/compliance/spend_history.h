// What a customer has already spent, for spending limits and the SCA
// low-value exemption. The store implements SpendHistory over its payments;
// the CLI and compliance cases carry the figures in the request instead.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "base/status.h"
#include "compliance/request.h"
#include "currency/currency_code.h"

namespace mg::compliance {

using Timestamp = std::chrono::sys_seconds;

inline constexpr std::chrono::seconds kDayWindow = std::chrono::hours(24);
inline constexpr std::chrono::seconds kMonthWindow = std::chrono::hours(24 * 30);

// The figures rules look at, in minor units of the market currency.
struct SpendFigures {
  int64_t last_24h = 0;
  int64_t last_30d = 0;
  int64_t since_last_sca = 0;
  int64_t count_since_last_sca = 0;

  friend bool operator==(const SpendFigures&, const SpendFigures&) = default;
};

// Implementations must be thread-safe; calls are const.
class SpendHistory {
 public:
  virtual ~SpendHistory() = default;

  // The sum of the customer's completed payments in `market` made in the
  // window (now - window, now]: a payment exactly `window` old has left it.
  virtual Result<int64_t> SpentInWindow(std::string_view customer_id, std::string_view market,
                                        Timestamp now, std::chrono::seconds window) const = 0;

  struct ScaTally {
    int64_t amount = 0;  // minor units since the last strong authentication
    int64_t count = 0;   // payments since then
  };
  virtual Result<ScaTally> SinceLastSca(std::string_view customer_id,
                                        std::string_view market) const = 0;
};

// The figures for `request`, in that order of preference: the spend the
// request declares (converted to `currency`; too many decimals is an error
// naming the parameter), the history's figures for customer.id when both
// are given, else zero (a customer with no history).
Result<SpendFigures> ResolveSpend(const QuoteRequest& request, CurrencyCode currency,
                                  const SpendHistory* history, Timestamp now);

}  // namespace mg::compliance
