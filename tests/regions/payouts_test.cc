// `payouts` in market files (regions/src/payouts_parser.cc) and their
// arithmetic (regions/payouts.h): the diamonds' worth in the payout
// currency, FX at a rates table that must be fresh, the tax withheld; every
// mistake named with its file, line and column.
#include "regions/payouts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "regions/market_loader.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using testing::TempRegionsDir;
using Clock = RatesTable::Clock;

// In the pack: what every market shares.
const char kPackPayouts[] = R"yaml(gifting:
  creator_share: {percent: "50", basis: "commercial figure: test"}
  rounding: down
payouts:
  rounding: half_up
  tax_identity: {required: true, basis: "platform policy: test"}
)yaml";

const char kMarketPayouts[] = R"yaml(gifting:
  diamond_value: {amount: "0.005", basis: "commercial figure: test"}
payouts:
  minimum: {amount: "10.00", basis: "commercial figure: test"}
  methods:
    - {method: stripe_connect, provider: stripe, source: "https://docs.stripe.com/connect"}
  withholding: {percent: "10", source: "https://example.test/law", verified: false}
)yaml";

class PayoutsTest : public ::testing::Test {
 protected:
  LoadResult Load(const std::string& pack, const std::string& market) {
    testing::WriteValidFixture(dir_);
    dir_.Write("common/providers.yaml", testing::kFixtureProvidersWithPayouts);
    dir_.Write("common/base.yaml", std::string(testing::kFixturePack) + pack);
    dir_.Write("markets/DE.yaml", std::string(testing::kFixtureMarket) + market);
    return LoadMarkets(dir_.path());
  }

  std::string Errors(const LoadResult& result) {
    std::string out;
    for (const auto& error : result.errors) {
      out += testing::ReplaceAll(error.ToString(), dir_.path(), "<dir>") + "\n";
    }
    return out;
  }

  TempRegionsDir dir_;
};

TEST_F(PayoutsTest, TheMarketsFiguresMergedWithThePack) {
  LoadResult result = Load(kPackPayouts, kMarketPayouts);
  ASSERT_TRUE(result.ok()) << Errors(result);
  const Payouts* payouts = result.snapshot->Find("DE")->payouts();
  ASSERT_NE(payouts, nullptr);
  EXPECT_EQ(payouts->currency.str(), "EUR");  // the market's, as none is declared
  EXPECT_EQ(payouts->minimum, Money(1000, payouts->currency));
  ASSERT_EQ(payouts->methods.size(), 1u);
  EXPECT_EQ(payouts->methods[0].method, "stripe_connect");
  EXPECT_EQ(payouts->methods[0].provider, "stripe");
  EXPECT_EQ(payouts->withholding.percent.ToString(), "10");
  EXPECT_FALSE(payouts->withholding.verified);
  EXPECT_TRUE(payouts->tax_identity_required);
  EXPECT_EQ(payouts->tax_identity_basis, "platform policy: test");
  EXPECT_EQ(payouts->rounding, RoundingMode::kHalfUp);
}

TEST_F(PayoutsTest, DiamondsWorthWithholdingAndNetInTheMarketsCurrency) {
  LoadResult result = Load(kPackPayouts, kMarketPayouts);
  ASSERT_TRUE(result.ok()) << Errors(result);
  const Market& de = *result.snapshot->Find("DE");
  // 3001 diamonds at EUR 0.005: 15.005, down (gifting rounding) to 15.00;
  // 10 % withheld: 1.50; net 13.50. No rates table needed.
  Result<PayoutAmounts> amounts = ComputePayout(de, 3001, nullptr, Clock::now());
  ASSERT_TRUE(amounts.ok()) << amounts.status().ToString();
  EXPECT_EQ(amounts->value, Money(1500, de.currency()));
  EXPECT_EQ(amounts->gross, Money(1500, de.currency()));
  EXPECT_EQ(amounts->withheld, Money(150, de.currency()));
  EXPECT_EQ(amounts->net, Money(1350, de.currency()));
  EXPECT_FALSE(amounts->fx_rate);
  // 10 % of 0.05 (10 diamonds) is half a cent: half_up withholds 0.01.
  EXPECT_EQ(ComputePayout(de, 10, nullptr, Clock::now())->withheld, Money(1, de.currency()));
  EXPECT_EQ(ComputePayout(de, 0, nullptr, Clock::now()).status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(PayoutsTest, AnotherPayoutCurrencyConvertsAtAFreshTableOnly) {
  LoadResult result = Load(kPackPayouts, std::string(kMarketPayouts) + "  currency: USD\n");
  ASSERT_TRUE(result.ok()) << Errors(result);
  const Market& de = *result.snapshot->Find("DE");
  const CurrencyCode usd = CurrencyCode::Parse("USD").value();
  const Clock::time_point now = Clock::now();
  RatesTable fresh(now - std::chrono::minutes(5), std::chrono::hours(1));
  ASSERT_TRUE(fresh.AddRate(de.currency(), usd, Decimal::Parse("1.0837").value()).ok());
  // EUR 15.00 * 1.0837 = 16.2555 -> 16.26 (half_up); 10 %: 1.626 -> 1.63.
  Result<PayoutAmounts> amounts = ComputePayout(de, 3001, &fresh, now);
  ASSERT_TRUE(amounts.ok()) << amounts.status().ToString();
  EXPECT_EQ(amounts->value, Money(1500, de.currency()));
  EXPECT_EQ(amounts->gross, Money(1626, usd));
  EXPECT_EQ(amounts->withheld, Money(163, usd));
  EXPECT_EQ(amounts->net, Money(1463, usd));
  ASSERT_TRUE(amounts->fx_rate);
  EXPECT_EQ(amounts->fx_rate->ToString(), "1.0837");
  EXPECT_EQ(*amounts->fx_as_of, now - std::chrono::minutes(5));

  // The same table two hours later is stale: nothing is paid at it.
  Result<PayoutAmounts> stale = ComputePayout(de, 3001, &fresh, now + std::chrono::hours(2));
  EXPECT_EQ(stale.status().code(), ErrorCode::kFailedPrecondition);
  // No table, or one without the pair.
  EXPECT_EQ(ComputePayout(de, 3001, nullptr, now).status().code(), ErrorCode::kFailedPrecondition);
  RatesTable other(now, std::chrono::hours(1));
  ASSERT_TRUE(other.AddRate(usd, de.currency(), Decimal::Parse("0.92").value()).ok());  // wrong way
  EXPECT_EQ(ComputePayout(de, 3001, &other, now).status().code(), ErrorCode::kNotFound);
}

TEST_F(PayoutsTest, WithoutMethodsTheMarketPaysNobody) {
  LoadResult result = Load(kPackPayouts,
                           "gifting:\n  diamond_value: {amount: \"0.005\", "
                           "basis: \"b\"}\n");
  ASSERT_TRUE(result.ok()) << Errors(result);
  const Market& de = *result.snapshot->Find("DE");
  EXPECT_EQ(de.payouts(), nullptr);
  Result<PayoutAmounts> amounts = ComputePayout(de, 100, nullptr, Clock::now());
  EXPECT_EQ(amounts.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_THAT(amounts.status().message(), HasSubstr("declares no payouts"));
}

struct BrokenPayouts {
  const char* name;
  std::string market;    // the market file's payouts, after its gifting
  std::string expected;  // a regex the error must contain
};

class BrokenPayoutsTest : public PayoutsTest,
                          public ::testing::WithParamInterface<BrokenPayouts> {};

TEST_P(BrokenPayoutsTest, IsNamedWithFileLineAndColumn) {
  LoadResult result =
      Load(kPackPayouts,
           "gifting:\n  diamond_value: {amount: \"0.005\", basis: \"b\"}\n" + GetParam().market);
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(Errors(result),
              ContainsRegex("<dir>/markets/DE.yaml:[0-9]+:[0-9]+: " + GetParam().expected));
}

const std::string kMethod =
    "  methods:\n    - {method: stripe_connect, provider: stripe, source: \"s\"}\n";
const std::string kMinimum = "  minimum: {amount: \"10.00\", basis: \"b\"}\n";
const std::string kWithholding = "  withholding: {percent: \"0\", source: \"s\"}\n";

INSTANTIATE_TEST_SUITE_P(
    Mistakes, BrokenPayoutsTest,
    ::testing::Values(
        BrokenPayouts{"NoMinimum", "payouts:\n" + kMethod + kWithholding,
                      "payouts.methods: a market that declares payouts.methods needs "
                      "payouts.minimum"},
        BrokenPayouts{"NoWithholding", "payouts:\n" + kMethod + kMinimum,
                      "payouts.methods: a market that declares payouts.methods needs "
                      "payouts.withholding"},
        BrokenPayouts{"UnknownProvider",
                      "payouts:\n  methods:\n    - {method: pix, provider: pixy, source: \"s\"}\n" +
                          kMinimum + kWithholding,
                      "payouts.methods\\[0\\].provider: unknown provider 'pixy'"},
        BrokenPayouts{"ProviderDoesNotPayOut",
                      "payouts:\n  methods:\n    - {method: bank, provider: adyen, source: "
                      "\"s\"}\n" +
                          kMinimum + kWithholding,
                      "payouts.methods\\[0\\].provider: provider 'adyen' does not carry payout "
                      "method 'bank'"},
        BrokenPayouts{"MethodTwice",
                      "payouts:\n" + kMethod +
                          "    - {method: stripe_connect, provider: stripe, "
                          "source: \"s\"}\n" +
                          kMinimum + kWithholding,
                      "payouts.methods\\[1\\].method: payout method 'stripe_connect' is declared "
                      "twice"},
        BrokenPayouts{"WithholdEverything",
                      "payouts:\n" + kMethod + kMinimum +
                          "  withholding: {percent: \"100\", source: \"s\"}\n",
                      "payouts.withholding.percent: withholding must be below 100 %"},
        BrokenPayouts{
            "ZeroMinimum",
            "payouts:\n" + kMethod + "  minimum: {amount: \"0\", basis: \"b\"}\n" + kWithholding,
            "payouts.minimum.amount: the minimum payout must be positive"},
        BrokenPayouts{"BadCurrency",
                      "payouts:\n  currency: XYZ1\n" + kMethod + kMinimum + kWithholding,
                      "payouts.currency: expected an ISO 4217 currency code"},
        BrokenPayouts{"UnknownField", "payouts:\n  minimum_payout: \"1\"\n",
                      "payouts.minimum_payout: unknown field 'minimum_payout'"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(PayoutsTest, PayoutsWithoutADiamondValueAreAnError) {
  LoadResult result = Load(kPackPayouts, "payouts:\n" + kMethod + kMinimum + kWithholding);
  EXPECT_EQ(result.snapshot, nullptr);
  EXPECT_THAT(Errors(result), ContainsRegex("<dir>/markets/DE.yaml:[0-9]+:[0-9]+: payouts: "
                                            "payouts need gifting.diamond_value"));
}

}  // namespace
}  // namespace mg::regions
