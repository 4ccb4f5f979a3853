#include "spend_limits.h"

#include <algorithm>
#include <set>
#include <variant>

#include "compliance/spend_history.h"

namespace mg::api {
namespace {

std::set<regions::Action> PurchaseActions(const regions::Market& market,
                                          const compliance::QuoteRequest& request) {
  std::set<regions::Action> actions;
  for (const compliance::LineItem& line : request.items) {
    const regions::CatalogItem* item = market.FindSku(line.sku);
    if (item == nullptr) continue;
    actions.insert(item->kind == regions::CatalogItem::Kind::kCoinPack
                       ? regions::Action::kBuyCoins
                       : regions::Action::kBuyGoods);
  }
  return actions;
}

const regions::SpendingBracket* FindBracket(const regions::SpendingLimitRule& rule,
                                            std::optional<int> age) {
  const regions::SpendingBracket* youngest = nullptr;
  for (const regions::SpendingBracket& bracket : rule.brackets) {
    if (!age) {
      if (youngest == nullptr || bracket.min_age < youngest->min_age) youngest = &bracket;
    } else if (*age >= bracket.min_age && (!bracket.max_age || *age <= *bracket.max_age)) {
      return &bracket;
    }
  }
  return youngest;
}

store::UnixMillis WindowStart(store::UnixMillis now_ms, std::chrono::seconds window) {
  return now_ms - std::chrono::duration_cast<std::chrono::milliseconds>(window).count();
}

}  // namespace

std::vector<store::SpendLimit> SpendLimitsFor(const regions::Market& market,
                                              const compliance::QuoteRequest& request,
                                              store::UnixMillis now_ms) {
  std::vector<store::SpendLimit> limits;
  const std::set<regions::Action> actions = PurchaseActions(market, request);
  for (const regions::Rule& rule : market.rules()) {
    const auto* body = std::get_if<regions::SpendingLimitRule>(&rule.body);
    if (body == nullptr || rule.disabled) continue;
    bool governs = std::any_of(body->actions.begin(), body->actions.end(),
                               [&](regions::Action action) { return actions.count(action) > 0; });
    if (!governs) continue;
    const regions::SpendingBracket* bracket = FindBracket(*body, request.customer.age);
    if (bracket == nullptr) continue;
    if (bracket->per_day) {
      limits.push_back({rule.id + " (24-hour limit)", WindowStart(now_ms, compliance::kDayWindow),
                        *bracket->per_day});
    }
    if (bracket->per_month) {
      limits.push_back({rule.id + " (30-day limit)", WindowStart(now_ms, compliance::kMonthWindow),
                        *bracket->per_month});
    }
  }
  return limits;
}

}  // namespace mg::api
