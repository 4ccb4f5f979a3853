// The fixture of the decision tests (decide_test.cc, decide_sca_test.cc): a
// German market with the rules a test gives, and requests to decide on it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compliance/decide.h"
#include "test_market.h"

namespace mg::compliance::testing {

inline QuoteRequest Coins(std::optional<int> age, const std::string& sku = "coins_70") {
  QuoteRequest request;
  request.kind = RequestKind::kPurchase;
  request.market = "DE";
  request.items = {{sku, 1}};
  request.customer.age = age;
  request.customer.consent_immediate_delivery = true;
  return request;
}

inline QuoteRequest Ad(regions::AdCategory category = regions::AdCategory::kOther) {
  QuoteRequest request;
  request.kind = RequestKind::kAdBooking;
  request.market = "DE";
  request.customer.age = 40;
  AdBooking ad;
  ad.format = "in_feed";
  ad.category = category;
  ad.budget = "500.00";
  ad.audience_min_age = 18;
  request.ad = ad;
  return request;
}

class DecideTest : public ::testing::Test {
 protected:
  Decision Run(std::vector<regions::Rule> rules, const QuoteRequest& request, int64_t amount = 99,
               SpendFigures spend = {}) {
    regions::MarketSpec spec = GermanSpec();
    spec.rules = std::move(rules);
    market_ = BuildMarket(std::move(spec));
    DecisionContext context;
    context.amount = amount;
    context.spend = spend;
    return Decide(*market_, request, context);
  }
  static const Check& CheckOf(const Decision& decision, const std::string& id) {
    const Check* check = decision.FindCheck(id);
    EXPECT_NE(check, nullptr) << id;
    static const Check kNone;
    return check ? *check : kNone;
  }

  std::shared_ptr<const regions::Market> market_;
};

}  // namespace mg::compliance::testing
