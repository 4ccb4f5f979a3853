// Covers compliance/src/spend_history.cc: resolving spend figures, and the
// rolling windows with a fake clock (spend that left the 24-hour window no
// longer counts towards the daily limit).
#include "compliance/spend_history.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "compliance/decide.h"
#include "test_market.h"

namespace mg::compliance {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand.
class FakeClock {
 public:
  Timestamp Now() const { return now_; }
  void Advance(std::chrono::seconds by) { now_ += by; }

 private:
  Timestamp now_ = Timestamp(std::chrono::seconds(1'790'000'000));
};

// Payments in memory, as the store will record them.
class FakeSpendHistory : public SpendHistory {
 public:
  void Record(Timestamp at, int64_t amount, bool sca) {
    payments_.push_back({at, amount});
    if (sca) {
      tally_ = {};
    } else {
      tally_.amount += amount;
      ++tally_.count;
    }
  }
  Result<int64_t> SpentInWindow(std::string_view, std::string_view, Timestamp now,
                                std::chrono::seconds window) const override {
    int64_t sum = 0;
    for (const auto& payment : payments_) {
      if (payment.at > now - window && payment.at <= now) sum += payment.amount;
    }
    return sum;
  }
  Result<ScaTally> SinceLastSca(std::string_view, std::string_view) const override {
    return tally_;
  }

 private:
  struct Payment {
    Timestamp at;
    int64_t amount;
  };
  std::vector<Payment> payments_;
  ScaTally tally_;
};

QuoteRequest Purchase() {
  QuoteRequest request;
  request.market = "DE";
  request.items = {{"coins_7000", 1}};
  request.customer.id = "cus_1";
  request.customer.age = 16;
  request.customer.consent_immediate_delivery = true;
  return request;
}

TEST(SpendHistoryTest, DeclaredFiguresWinAndAreConverted) {
  QuoteRequest request = Purchase();
  request.customer.spend = DeclaredSpend{"12.50", "99", "0.99", 2};
  FakeSpendHistory history;
  history.Record(Timestamp(), 5000, false);
  Result<SpendFigures> figures =
      ResolveSpend(request, testing::Currency("EUR"), &history, Timestamp());
  ASSERT_TRUE(figures.ok());
  EXPECT_EQ(*figures, (SpendFigures{1250, 9900, 99, 2}));
}

TEST(SpendHistoryTest, DeclaredFigureWithTooManyDecimalsNamesTheParam) {
  QuoteRequest request = Purchase();
  request.customer.spend = DeclaredSpend{"1.5", "0", "0", 0};
  Result<SpendFigures> figures =
      ResolveSpend(request, testing::Currency("JPY"), nullptr, Timestamp());
  ASSERT_FALSE(figures.ok());
  EXPECT_EQ(figures.status().param(), "customer.spend.last_24h");
}

TEST(SpendHistoryTest, NoHistoryOrNoCustomerIdMeansZero) {
  QuoteRequest request = Purchase();
  EXPECT_EQ(*ResolveSpend(request, testing::Currency("EUR"), nullptr, Timestamp()), SpendFigures{});
  FakeSpendHistory history;
  history.Record(Timestamp(), 5000, false);
  request.customer.id.clear();
  EXPECT_EQ(*ResolveSpend(request, testing::Currency("EUR"), &history, Timestamp()),
            SpendFigures{});
}

TEST(SpendHistoryTest, SpendLeavingTheDayWindowNoLongerCounts) {
  regions::SpendingLimitRule limit;
  limit.actions = {regions::Action::kBuyCoins};
  limit.brackets = {{13, 17, std::nullopt, 15000, std::nullopt}};  // 150.00 per 24 h
  regions::MarketSpec spec = testing::GermanSpec();
  spec.rules = {testing::MakeRule("minor.limits", limit)};
  auto market = testing::BuildMarket(std::move(spec));

  FakeClock clock;
  FakeSpendHistory history;
  history.Record(clock.Now(), 9999, true);  // 99.99 now
  auto decide = [&] {
    DecisionContext context;
    context.now = clock.Now();
    context.amount = 9999;  // another 99.99
    context.spend = *ResolveSpend(Purchase(), market->currency(), &history, clock.Now());
    return Decide(*market, Purchase(), context);
  };

  clock.Advance(23h + 59min + 59s);
  EXPECT_EQ(decide().outcome, DecisionOutcome::kDeny) << "199.98 within 24 h is over 150.00";
  clock.Advance(1s);  // exactly 24 h later the first payment has left the window
  Decision decision = decide();
  EXPECT_EQ(decision.outcome, DecisionOutcome::kAllow) << decision.reason;
  EXPECT_EQ(decision.FindCheck("minor.limits")->outcome, CheckOutcome::kPass);
}

TEST(SpendHistoryTest, SinceLastScaResetsAfterStrongAuthentication) {
  FakeSpendHistory history;
  history.Record(Timestamp(), 2000, false);
  history.Record(Timestamp(), 2000, false);
  QuoteRequest request = Purchase();
  EXPECT_EQ(
      ResolveSpend(request, testing::Currency("EUR"), &history, Timestamp())->count_since_last_sca,
      2);
  history.Record(Timestamp(), 2000, true);
  SpendFigures figures = *ResolveSpend(request, testing::Currency("EUR"), &history, Timestamp());
  EXPECT_EQ(figures.count_since_last_sca, 0);
  EXPECT_EQ(figures.since_last_sca, 0);
}

}  // namespace
}  // namespace mg::compliance
