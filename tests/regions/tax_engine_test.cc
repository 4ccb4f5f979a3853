#include "regions/tax_engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "currency/decimal.h"

namespace mg::regions {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

CurrencyCode Code(const char* code) { return *CurrencyCode::Parse(code); }

TaxComponent Component(const char* name, const char* rate, bool compound = false) {
  return TaxComponent{name, *Decimal::Parse(rate), compound, "test source", true};
}

// A market built in code, for the arithmetic; the shipped files are below.
struct MarketBuilder {
  MarketSpec spec;

  MarketBuilder(const char* code, const char* currency, bool inclusive)
      : spec(*LookupCurrency(Code(currency))) {
    spec.code = code;
    spec.name = code;
    spec.status = MarketStatus::kLive;
    spec.entity = Entity{"Entity", "IE", "test", true};
    spec.locales = {"en-US"};
    spec.time_zone = "Europe/Dublin";
    spec.prices_include_tax = inclusive;
  }
  MarketBuilder& Class(const std::string& name, std::vector<TaxComponent> components) {
    spec.tax.classes[name] = std::move(components);
    return *this;
  }
  MarketBuilder& Rounding(RoundingMode mode, RoundingLevel level) {
    spec.tax.rounding = TaxRounding{mode, level, "test", true};
    return *this;
  }
  std::shared_ptr<const Market> Build() {
    Result<std::shared_ptr<const Market>> market = Market::Create(spec);
    EXPECT_TRUE(market.ok()) << market.status().ToString();
    return *market;
  }
};

TaxRequestLine Line(const char* tax_class, int64_t minor, const char* currency,
                    int64_t quantity = 1) {
  return TaxRequestLine{"sku", "", tax_class, Money(minor, Code(currency)), quantity, {}};
}

TaxResult Compute(const Market& market, std::vector<TaxRequestLine> lines,
                  std::optional<std::string> subdivision = std::nullopt,
                  TaxCustomer customer = {}) {
  TaxEngine engine;
  Result<TaxResult> result = engine.Compute(TaxRequest{&market, subdivision, customer, lines});
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) {
    Money zero(0, market.currency());
    return TaxResult{{}, {}, zero, zero, zero, {}, {}};
  }
  return *result;
}

// Every result must add up exactly in minor units.
void ExpectExactSums(const TaxResult& result) {
  int64_t net = 0, tax = 0, gross = 0, tax_lines = 0;
  for (const auto& line : result.lines) {
    EXPECT_EQ(line.net.minor_units() + line.tax.minor_units(), line.gross.minor_units());
    net += line.net.minor_units();
    tax += line.tax.minor_units();
    gross += line.gross.minor_units();
  }
  for (const auto& line : result.tax_lines) tax_lines += line.amount.minor_units();
  EXPECT_EQ(result.subtotal_net.minor_units(), net);
  EXPECT_EQ(result.total_tax.minor_units(), tax);
  EXPECT_EQ(result.total_gross.minor_units(), gross);
  EXPECT_EQ(tax_lines, tax);
}

TEST(TaxEngineTest, InclusiveExtractsTax) {
  auto market = MarketBuilder("DE", "EUR", true)
                    .Class("virtual_currency", {Component("MwSt.", "19")})
                    .Build();
  TaxResult result = Compute(*market, {Line("virtual_currency", 99, "EUR")});
  // 0.99 - round(0.99 * 100 / 119 = 0.8319) = 0.99 - 0.83
  EXPECT_EQ(result.total_gross.minor_units(), 99);
  EXPECT_EQ(result.total_tax.minor_units(), 16);
  EXPECT_EQ(result.subtotal_net.minor_units(), 83);
  ASSERT_EQ(result.tax_lines.size(), 1u);
  EXPECT_EQ(result.tax_lines[0].name, "MwSt.");
  EXPECT_EQ(result.tax_lines[0].rate.ToString(), "19");
  EXPECT_EQ(result.tax_lines[0].taxable_base.minor_units(), 83);
  EXPECT_EQ(result.tax_lines[0].source, "test source");
  ExpectExactSums(result);
}

TEST(TaxEngineTest, ExclusiveAddsTax) {
  auto market =
      MarketBuilder("CA", "CAD", false).Class("physical_goods", {Component("GST", "5")}).Build();
  TaxResult result = Compute(*market, {Line("physical_goods", 1999, "CAD", 3)});
  // 59.97 * 5 % = 2.9985 -> 3.00
  EXPECT_EQ(result.subtotal_net.minor_units(), 5997);
  EXPECT_EQ(result.total_tax.minor_units(), 300);
  EXPECT_EQ(result.total_gross.minor_units(), 6297);
  ExpectExactSums(result);
}

// An amount whose tax would carry the total past int64 is refused, not
// wrapped (api_request_body_fuzz: an ad budget of 80,000,000,541,539,527.00
// EUR at 19 %).
TEST(TaxEngineTest, ATotalBeyondTheLargestAmountIsOutOfRange) {
  auto market =
      MarketBuilder("DE", "EUR", false).Class("advertising", {Component("MwSt.", "19")}).Build();
  TaxEngine engine;
  Result<TaxResult> result = engine.Compute(TaxRequest{
      market.get(), std::nullopt, {}, {Line("advertising", 8'000'000'054'153'952'700, "EUR")}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kOutOfRange);
}

TEST(TaxEngineTest, RoundingModesAreHonoured) {
  // 0.50 at 5 % = 0.025 exactly.
  std::vector<std::pair<RoundingMode, int64_t>> expected = {{RoundingMode::kHalfUp, 3},
                                                            {RoundingMode::kHalfEven, 2},
                                                            {RoundingMode::kDown, 2},
                                                            {RoundingMode::kUp, 3}};
  for (auto [mode, tax] : expected) {
    auto market = MarketBuilder("CA", "CAD", false)
                      .Class("physical_goods", {Component("GST", "5")})
                      .Rounding(mode, RoundingLevel::kLine)
                      .Build();
    EXPECT_EQ(Compute(*market, {Line("physical_goods", 50, "CAD")}).total_tax.minor_units(), tax)
        << RoundingModeName(mode);
  }
}

TEST(TaxEngineTest, CompoundComponentIsChargedOnTheEarlierTax) {
  auto market = MarketBuilder("CA", "CAD", false)
                    .Class("physical_goods", {Component("GST", "5"), Component("PST", "10", true)})
                    .Build();
  TaxResult result = Compute(*market, {Line("physical_goods", 10000, "CAD")});
  ASSERT_EQ(result.tax_lines.size(), 2u);
  EXPECT_EQ(result.tax_lines[0].amount.minor_units(), 500);
  // 10 % of (100.00 + 5.00)
  EXPECT_EQ(result.tax_lines[1].amount.minor_units(), 1050);
  EXPECT_EQ(result.tax_lines[1].taxable_base.minor_units(), 10500);
  EXPECT_EQ(result.total_gross.minor_units(), 11550);

  // Inclusive: 115.50 holds exactly 100.00 net.
  auto inclusive =
      MarketBuilder("XX", "CAD", true)
          .Class("physical_goods", {Component("GST", "5"), Component("PST", "10", true)})
          .Build();
  TaxResult back = Compute(*inclusive, {Line("physical_goods", 11550, "CAD")});
  EXPECT_EQ(back.subtotal_net.minor_units(), 10000);
  EXPECT_EQ(back.tax_lines[0].amount.minor_units(), 500);
  EXPECT_EQ(back.tax_lines[1].amount.minor_units(), 1050);
  ExpectExactSums(back);
}

TEST(TaxEngineTest, InclusiveMultiComponentAllocatesByRate) {
  auto market = MarketBuilder("XX", "CAD", true)
                    .Class("physical_goods", {Component("GST", "5"), Component("QST", "9.975")})
                    .Build();
  TaxResult result = Compute(*market, {Line("physical_goods", 1150, "CAD")});
  // net = round(11.50 / 1.14975 = 10.0022) = 10.00; tax 1.50 split 5 : 9.975.
  EXPECT_EQ(result.subtotal_net.minor_units(), 1000);
  EXPECT_EQ(result.tax_lines[0].amount.minor_units(), 50);
  EXPECT_EQ(result.tax_lines[1].amount.minor_units(), 100);
  ExpectExactSums(result);
}

TEST(TaxEngineTest, InvoiceLevelRoundsPerRateOnceAndAllocates) {
  auto build = [](RoundingLevel level) {
    return MarketBuilder("JP", "JPY", true)
        .Class("virtual_currency", {Component("消費税", "10")})
        .Class("physical_goods_reduced", {Component("消費税", "8")})
        .Rounding(RoundingMode::kHalfUp, level)
        .Build();
  };
  std::vector<TaxRequestLine> lines = {
      Line("virtual_currency", 150, "JPY"), Line("virtual_currency", 150, "JPY"),
      Line("virtual_currency", 150, "JPY"), Line("physical_goods_reduced", 1080, "JPY")};
  auto per_line = build(RoundingLevel::kLine);
  TaxResult line_result = Compute(*per_line, lines);
  // Per line: 150 - round(136.36) = 14, three times; 1080 - 1000 = 80.
  EXPECT_EQ(line_result.total_tax.minor_units(), 3 * 14 + 80);

  auto per_invoice = build(RoundingLevel::kInvoice);
  TaxResult invoice = Compute(*per_invoice, lines);
  // Per rate: 450 - round(409.09) = 41 at 10 %; 80 at 8 %.
  EXPECT_EQ(invoice.total_tax.minor_units(), 41 + 80);
  // 41 spread over three equal lines by largest remainder: 14, 14, 13.
  EXPECT_EQ(invoice.lines[0].tax.minor_units(), 14);
  EXPECT_EQ(invoice.lines[1].tax.minor_units(), 14);
  EXPECT_EQ(invoice.lines[2].tax.minor_units(), 13);
  EXPECT_EQ(invoice.lines[3].tax.minor_units(), 80);
  // One tax line per name and rate.
  ASSERT_EQ(invoice.tax_lines.size(), 2u);
  EXPECT_EQ(invoice.tax_lines[0].amount.minor_units(), 41);
  EXPECT_EQ(invoice.tax_lines[1].rate.ToString(), "8");
  ExpectExactSums(invoice);
}

TEST(TaxEngineTest, ManyLinesSumExactly) {
  for (RoundingLevel level : {RoundingLevel::kLine, RoundingLevel::kInvoice}) {
    for (bool inclusive : {true, false}) {
      auto market = MarketBuilder("XX", "EUR", inclusive)
                        .Class("virtual_currency", {Component("A", "7.7"), Component("B", "9.975")})
                        .Class("physical_goods", {Component("A", "21")})
                        .Rounding(RoundingMode::kHalfEven, level)
                        .Build();
      std::vector<TaxRequestLine> lines;
      for (int i = 1; i <= 40; ++i) {
        lines.push_back(
            Line(i % 3 ? "virtual_currency" : "physical_goods", 7 * i * i + 13, "EUR", 1 + i % 4));
      }
      TaxResult result = Compute(*market, lines);
      ExpectExactSums(result);
      EXPECT_GT(result.total_tax.minor_units(), 0);
    }
  }
}

TEST(TaxEngineTest, ExemptClassHasNoTaxLines) {
  auto market = MarketBuilder("KW", "KWD", true).Class("virtual_currency", {}).Build();
  TaxResult result = Compute(*market, {Line("virtual_currency", 299, "KWD")});
  EXPECT_EQ(result.total_tax.minor_units(), 0);
  EXPECT_EQ(result.total_gross.minor_units(), 299);
  EXPECT_TRUE(result.tax_lines.empty());
}

TEST(TaxEngineTest, LineCanOverrideTheMarketsTaxInclusion) {
  auto market =
      MarketBuilder("DE", "EUR", true).Class("advertising", {Component("MwSt.", "19")}).Build();
  TaxRequestLine ad = Line("advertising", 50000, "EUR");
  ad.price_includes_tax = false;  // rate cards are tax-exclusive
  TaxResult result = Compute(*market, {ad});
  EXPECT_EQ(result.total_tax.minor_units(), 9500);
  EXPECT_EQ(result.total_gross.minor_units(), 59500);
}

// --- Reverse charge ---

std::shared_ptr<const Market> EuMarket() {
  MarketBuilder builder("DE", "EUR", true);
  builder.Class("advertising", {Component("MwSt.", "19")})
      .Class("virtual_currency", {Component("MwSt.", "19")});
  builder.spec.tax.reverse_charge = ReverseChargeConfig{
      {"DE", "FR", "IE", "NL"}, {"advertising"}, "Reverse charge", "Art. 196", "test", true};
  return builder.Build();
}

TEST(TaxEngineTest, ReverseChargeForAValidForeignVatId) {
  auto market = EuMarket();
  TaxRequestLine ad = Line("advertising", 50000, "EUR");
  ad.price_includes_tax = false;
  TaxResult result = Compute(*market, {ad, Line("virtual_currency", 99, "EUR")}, std::nullopt,
                             TaxCustomer{true, "DE136695976", "DE"});
  EXPECT_TRUE(result.reverse_charge.applied);
  EXPECT_EQ(result.reverse_charge.note, "Reverse charge");
  EXPECT_EQ(result.reverse_charge.legal_reference, "Art. 196");
  EXPECT_TRUE(result.lines[0].reverse_charged);
  EXPECT_EQ(result.lines[0].tax.minor_units(), 0);
  EXPECT_EQ(result.lines[0].gross.minor_units(), 50000);
  // Coins are not in the reverse-charge classes: taxed.
  EXPECT_FALSE(result.lines[1].reverse_charged);
  EXPECT_EQ(result.lines[1].tax.minor_units(), 16);
  EXPECT_TRUE(result.notes.empty());
  ExpectExactSums(result);
}

TEST(TaxEngineTest, ReverseChargeOnAnInclusivePriceChargesTheNet) {
  auto market = EuMarket();
  TaxResult result = Compute(*market, {Line("advertising", 11900, "EUR")}, std::nullopt,
                             TaxCustomer{true, "FR40303265045", "FR"});
  EXPECT_TRUE(result.reverse_charge.applied);
  EXPECT_EQ(result.total_gross.minor_units(), 10000);
  EXPECT_EQ(result.total_tax.minor_units(), 0);
}

TEST(TaxEngineTest, InvalidVatIdIsChargedWithANote) {
  auto market = EuMarket();
  TaxRequestLine ad = Line("advertising", 50000, "EUR");
  ad.price_includes_tax = false;
  TaxResult result = Compute(*market, {ad}, std::nullopt, TaxCustomer{true, "DE136695977", "DE"});
  EXPECT_FALSE(result.reverse_charge.applied);
  EXPECT_EQ(result.total_tax.minor_units(), 9500);
  EXPECT_THAT(result.notes, ElementsAre("VAT ID 'DE136695977' rejected: check digit mismatch; "
                                        "charged as a consumer"));
}

TEST(TaxEngineTest, VatIdOfAnotherCountryIsRejected) {
  auto market = EuMarket();
  TaxResult result = Compute(*market, {Line("advertising", 11900, "EUR")}, std::nullopt,
                             TaxCustomer{true, "DE136695976", "FR"});
  EXPECT_FALSE(result.reverse_charge.applied);
  EXPECT_EQ(result.total_tax.minor_units(), 1900);
  ASSERT_EQ(result.notes.size(), 1u);
  EXPECT_THAT(result.notes[0], HasSubstr("it is from DE, not the billing country FR"));
}

// A subdivision market ("DE-BE") bills in its country by default: the German
// VAT ID matches the billing country DE, not the market code.
TEST(TaxEngineTest, ASubdivisionMarketBillsInItsCountryByDefault) {
  MarketBuilder builder("DE-BE", "EUR", true);
  builder.Class("advertising", {Component("MwSt.", "19")});
  builder.spec.tax.reverse_charge =
      ReverseChargeConfig{{"DE"}, {"advertising"}, "Reverse charge", "Art. 196", "test", true};
  auto market = builder.Build();
  TaxResult result = Compute(*market, {Line("advertising", 11900, "EUR")}, std::nullopt,
                             TaxCustomer{true, "DE136695976", ""});
  EXPECT_TRUE(result.reverse_charge.applied);
  EXPECT_EQ(result.total_tax.minor_units(), 0);
  EXPECT_TRUE(result.notes.empty()) << ::testing::PrintToString(result.notes);
}

TEST(TaxEngineTest, DomesticB2BIsCharged) {
  auto market = EuMarket();  // entity in IE
  TaxResult result = Compute(*market, {Line("advertising", 11900, "EUR")}, std::nullopt,
                             TaxCustomer{true, "IE6388047V", "IE"});
  EXPECT_FALSE(result.reverse_charge.applied);
  EXPECT_EQ(result.total_tax.minor_units(), 1900);
  EXPECT_TRUE(result.notes.empty());
}

TEST(TaxEngineTest, ConsumersAndNonQualifyingCountriesAreCharged) {
  auto market = EuMarket();
  TaxResult consumer = Compute(*market, {Line("advertising", 11900, "EUR")}, std::nullopt,
                               TaxCustomer{false, "DE136695976", "DE"});
  EXPECT_FALSE(consumer.reverse_charge.applied);
  TaxResult outside = Compute(*market, {Line("advertising", 11900, "EUR")}, std::nullopt,
                              TaxCustomer{true, "ATU12345678", "AT"});
  EXPECT_FALSE(outside.reverse_charge.applied);
  EXPECT_THAT(outside.notes, ElementsAre(HasSubstr("Billing country AT does not qualify")));
}

// A fake checker through the seam: it answers `check` for any ID.
class FixedChecker : public VatIdChecker {
 public:
  explicit FixedChecker(VatIdCheck check) : check_(std::move(check)) {}
  VatIdCheck Check(std::string_view) const override { return check_; }

 private:
  VatIdCheck check_;
};

// A German business books an ad in an EU market; `check` is what the seam says.
Result<TaxResult> ComputeWithChecker(VatIdCheck check) {
  auto market = EuMarket();
  FixedChecker checker(std::move(check));
  return TaxEngine(checker).Compute(TaxRequest{market.get(),
                                               std::nullopt,
                                               TaxCustomer{true, "DE136695976", "DE"},
                                               {Line("advertising", 11900, "EUR")}});
}

TEST(TaxEngineTest, UsesTheInjectedChecker) {
  // A registry says the ID is not registered.
  VatIdCheck rejected;
  rejected.country = "DE";
  rejected.reason = "not registered";
  Result<TaxResult> result = ComputeWithChecker(rejected);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->reverse_charge.applied);
  EXPECT_THAT(result->notes, ElementsAre(HasSubstr("rejected: not registered")));
}

// A check that could confirm only the shape of the number (no check digits,
// no registry): the reverse charge needs more than that.
TEST(TaxEngineTest, AFormatOnlyCheckNeverGrantsTheReverseCharge) {
  VatIdCheck shape_only;
  shape_only.valid = true;
  shape_only.format_only = true;
  shape_only.country = "DE";
  Result<TaxResult> result = ComputeWithChecker(shape_only);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->reverse_charge.applied);
  EXPECT_GT(result->total_tax.minor_units(), 0);
  EXPECT_THAT(result->notes, ElementsAre(HasSubstr("format only; charged as a consumer")));
}

// --- Errors ---

TEST(TaxEngineTest, Errors) {
  MarketBuilder builder("US", "USD", false);
  builder.Class("virtual_currency", {});
  builder.spec.subdivision_required = true;
  builder.spec.subdivisions["US-TX"] = Subdivision{
      "US-TX", "Texas", false, {{"virtual_currency", {Component("Sales tax", "6.25")}}}};
  auto market = builder.Build();
  TaxEngine engine;
  auto compute = [&](std::optional<std::string> subdivision, TaxRequestLine line) {
    return engine.Compute(TaxRequest{market.get(), subdivision, {}, {line}});
  };

  Result<TaxResult> missing = compute(std::nullopt, Line("virtual_currency", 99, "USD"));
  EXPECT_EQ(missing.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(missing.status().param(), "subdivision");
  EXPECT_EQ(missing.status().message(), "market US requires a subdivision (e.g. US-TX)");

  Result<TaxResult> unknown = compute("US-ZZ", Line("virtual_currency", 99, "USD"));
  EXPECT_EQ(unknown.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(unknown.status().message(), "unknown subdivision 'US-ZZ' in market US");

  Result<TaxResult> undeclared = compute("US-TX", Line("advertising", 99, "USD"));
  EXPECT_EQ(undeclared.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(undeclared.status().param(), "lines[0].tax_class");
  EXPECT_EQ(undeclared.status().message(), "tax class 'advertising' is not declared in market US");

  Result<TaxResult> mismatch = compute("US-TX", Line("virtual_currency", 99, "EUR"));
  EXPECT_EQ(mismatch.status().code(), ErrorCode::kCurrencyMismatch);
  EXPECT_EQ(mismatch.status().param(), "lines[0].unit_price");

  Result<TaxResult> zero = compute("US-TX", Line("virtual_currency", 99, "USD", 0));
  EXPECT_EQ(zero.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(zero.status().param(), "lines[0].quantity");

  EXPECT_EQ(engine.Compute(TaxRequest{market.get(), "US-TX", {}, {}}).status().code(),
            ErrorCode::kInvalidArgument);

  Result<TaxResult> texas = compute("US-TX", Line("virtual_currency", 99, "USD"));
  ASSERT_TRUE(texas.ok());
  EXPECT_EQ(texas->total_tax.minor_units(), 6);  // 0.99 * 6.25 % = 0.061875
}

}  // namespace
}  // namespace mg::regions
