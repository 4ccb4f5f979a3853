// Tax tables for every launch market, computed from the shipped market files.
// Expected values are worked by hand from the rates (see the comments) and
// agree with the data engineer's compliance cases.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "currency/decimal.h"
#include "regions/market_loader.h"
#include "regions/tax_engine.h"
#include "regions_fixture.h"

namespace mg::regions {
namespace {

class ShippedMarketsTaxTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    LoadResult result = LoadMarkets(testing::ShippedRegionsDir());
    ASSERT_TRUE(result.ok()) << result.errors.front().ToString();
    snapshot_ = new std::shared_ptr<const MarketSnapshot>(result.snapshot);
  }
  static void TearDownTestSuite() {
    delete snapshot_;
    snapshot_ = nullptr;
  }

  struct Item {
    const char* sku;
    int64_t quantity = 1;
  };

  // Quotes catalog SKUs at their catalog price.
  static TaxResult Quote(const char* code, std::vector<Item> items,
                         std::optional<std::string> subdivision = std::nullopt,
                         TaxCustomer customer = {}) {
    const Market* market = (*snapshot_)->Find(code);
    EXPECT_NE(market, nullptr) << code;
    TaxRequest request{market, subdivision, customer, {}};
    for (const Item& item : items) {
      const CatalogItem* sku = market->FindSku(item.sku);
      EXPECT_NE(sku, nullptr) << code << " " << item.sku;
      request.lines.push_back(
          TaxRequestLine{sku->sku, sku->name, sku->tax_class, sku->price, item.quantity, {}});
    }
    Result<TaxResult> result = TaxEngine().Compute(request);
    EXPECT_TRUE(result.ok()) << code << ": " << result.status().ToString();
    return *result;
  }

  // An ad budget: rate cards are tax-exclusive in every market.
  static TaxResult QuoteAd(const char* code, const char* budget, TaxCustomer customer,
                           std::optional<std::string> subdivision = std::nullopt) {
    const Market* market = (*snapshot_)->Find(code);
    TaxRequestLine line{
        "in_feed", "ad", kTaxClassAdvertising, *ParseMoney(budget, market->currency()), 1, false};
    Result<TaxResult> result =
        TaxEngine().Compute(TaxRequest{market, subdivision, customer, {line}});
    EXPECT_TRUE(result.ok()) << code << ": " << result.status().ToString();
    return *result;
  }

  static std::string Plain(const Money& money) { return FormatPlain(money); }

  // "name rate amount" per tax line.
  static std::vector<std::string> TaxLines(const TaxResult& result) {
    std::vector<std::string> out;
    for (const auto& line : result.tax_lines) {
      out.push_back(line.name + " " + line.rate.ToString() + " " + Plain(line.amount));
    }
    return out;
  }

  static std::shared_ptr<const MarketSnapshot>* snapshot_;
};

std::shared_ptr<const MarketSnapshot>* ShippedMarketsTaxTest::snapshot_ = nullptr;

using ::testing::ElementsAre;

struct TableRow {
  const char* market;
  const char* sku;
  const char* total;  // gross
  const char* tax;
  const char* tax_line;  // "name rate amount", or "" for none
};

// coins_70 (virtual_currency) in every tax-inclusive launch market:
// tax = gross - round_half_up(gross * 100 / (100 + rate)).
TEST_F(ShippedMarketsTaxTest, InclusiveMarketsExtractTax) {
  const TableRow rows[] = {
      {"DE", "coins_70", "0.99", "0.16", "MwSt. 19 0.16"},  // 0.99/1.19 = 0.8319 -> 0.83
      {"FR", "coins_70", "0.99", "0.16", "TVA 20 0.16"},    // 0.825 -> 0.83
      {"GB", "coins_70", "0.99", "0.16", "VAT 20 0.16"},
      {"IE", "coins_70", "0.99", "0.19", "VAT 23 0.19"},                   // 0.8049 -> 0.80
      {"NL", "coins_70", "0.99", "0.17", "btw 21 0.17"},                   // 0.8182 -> 0.82
      {"CH", "coins_70", "1.00", "0.07", "MWST 8.1 0.07"},                 // 0.9251 -> 0.93
      {"JP", "coins_70", "150", "14", "消費税 10 14"},                     // 136.36 -> 136
      {"KR", "coins_70", "1500", "136", "부가가치세 10 136"},              // 1363.6 -> 1364
      {"IN", "coins_70", "89.00", "13.58", "IGST 18 13.58"},               // 75.4237 -> 75.42
      {"ID", "coins_70", "19000.00", "1882.88", "PPN 11 1882.88"},         // 17117.117 -> 17117.12
      {"SA", "coins_70", "3.99", "0.52", "ضريبة القيمة المضافة 15 0.52"},  // 3.4696 -> 3.47
      {"AE", "coins_70", "3.99", "0.19", "VAT 5 0.19"},                    // 3.80 exactly
      {"MX", "coins_70", "29.99", "4.14", "IVA 16 4.14"},                  // 25.8534 -> 25.85
      {"TR", "coins_70", "49.99", "8.33", "KDV 20 8.33"},                  // 41.6583 -> 41.66
      {"KW", "coins_70", "0.299", "0.000", ""},                            // no VAT in Kuwait
      {"DE", "book_cookbook", "24.99", "1.63", "MwSt. 7 1.63"},            // 23.3551 -> 23.36
      {"FR", "book_cookbook", "22.00", "1.15", "TVA 5.5 1.15"},            // 20.8531 -> 20.85
      {"CH", "book_cookbook", "29.90", "0.76", "MWST 2.6 0.76"},           // 29.1423 -> 29.14
      {"GB", "book_cookbook", "24.99", "0.00", "VAT 0 0.00"},              // zero-rated books
  };
  for (const TableRow& row : rows) {
    TaxResult result = Quote(row.market, {{row.sku}});
    EXPECT_EQ(Plain(result.total_gross), row.total) << row.market << " " << row.sku;
    EXPECT_EQ(Plain(result.total_tax), row.tax) << row.market << " " << row.sku;
    if (std::string(row.tax_line).empty()) {
      EXPECT_TRUE(result.tax_lines.empty()) << row.market;
    } else {
      EXPECT_THAT(TaxLines(result), ElementsAre(row.tax_line)) << row.market;
    }
  }
}

TEST_F(ShippedMarketsTaxTest, BrazilSplitsTwoComponents) {
  // 5.99 / 1.01 = 5.9307 -> 5.93; 0.06 split 0.9 : 0.1 -> 5.4, 0.6 -> 5, 1.
  TaxResult result = Quote("BR", {{"coins_70"}});
  EXPECT_EQ(Plain(result.total_tax), "0.06");
  EXPECT_THAT(TaxLines(result), ElementsAre("CBS 0.9 0.05", "IBS 0.1 0.01"));
}

TEST_F(ShippedMarketsTaxTest, CanadaAddsGstAndProvincialTax) {
  // Quebec: GST 5 % and QST 9.975 %, each on the pre-tax 1.99.
  TaxResult qc = Quote("CA", {{"coins_70"}}, "CA-QC");
  EXPECT_EQ(Plain(qc.subtotal_net), "1.99");
  EXPECT_THAT(TaxLines(qc), ElementsAre("GST 5 0.10", "QST 9.975 0.20"));
  EXPECT_EQ(Plain(qc.total_gross), "2.29");
  EXPECT_EQ(qc.tax_lines[1].taxable_base.minor_units(), 199);  // not compounded
  // Ontario: HST 13 % replaces GST.
  TaxResult on = Quote("CA", {{"coins_350"}}, "CA-ON");
  EXPECT_THAT(TaxLines(on), ElementsAre("HST 13 0.91"));
  EXPECT_EQ(Plain(on.total_gross), "7.90");
  // British Columbia: GST + PST 7 %.
  TaxResult bc = Quote("CA", {{"coins_70"}}, "CA-BC");
  EXPECT_THAT(TaxLines(bc), ElementsAre("GST 5 0.10", "PST 7 0.14"));
}

TEST_F(ShippedMarketsTaxTest, UnitedStatesTaxesPerState) {
  // California exempts electronically delivered goods; physical goods 7.25 %.
  TaxResult ca = Quote("US", {{"coins_70"}, {"book_cookbook"}}, "US-CA");
  EXPECT_EQ(Plain(ca.lines[0].tax), "0.00");
  EXPECT_EQ(Plain(ca.lines[1].tax), "1.81");  // 24.99 * 7.25 % = 1.8118
  EXPECT_EQ(Plain(ca.total_gross), "27.79");  // 0.99 + 24.99 + 1.81
  // Texas and Washington tax digital goods.
  TaxResult tx = Quote("US", {{"coins_350"}}, "US-TX");
  EXPECT_EQ(Plain(tx.total_tax), "0.31");  // 4.99 * 6.25 % = 0.311875
  TaxResult wa = Quote("US", {{"coins_350"}}, "US-WA");
  EXPECT_EQ(Plain(wa.total_tax), "0.32");  // 4.99 * 6.5 % = 0.32435
  // A US quote needs a state.
  const Market* us = (*snapshot_)->Find("US");
  Result<TaxResult> none = TaxEngine().Compute(TaxRequest{
      us,
      std::nullopt,
      {},
      {TaxRequestLine{"x", "", "virtual_currency", us->FindSku("coins_70")->price, 1, {}}}});
  EXPECT_EQ(none.status().param(), "subdivision");
}

TEST_F(ShippedMarketsTaxTest, JapanRoundsPerInvoice) {
  // 150 + 3000 = 3150: 3150 - round(2863.64) = 286 (per line it would be 14 + 273).
  TaxResult result = Quote("JP", {{"coins_70"}, {"coins_1400"}});
  EXPECT_EQ(Plain(result.total_tax), "286");
  EXPECT_EQ(result.lines[0].tax.minor_units() + result.lines[1].tax.minor_units(), 286);
}

TEST_F(ShippedMarketsTaxTest, MultiLineBasketsSumExactly) {
  TaxResult de = Quote("DE", {{"book_cookbook"}, {"tshirt_logo"}});
  EXPECT_EQ(Plain(de.total_gross), "44.98");
  EXPECT_EQ(Plain(de.total_tax), "4.82");  // 1.63 + 3.19
  EXPECT_THAT(TaxLines(de), ElementsAre("MwSt. 7 1.63", "MwSt. 19 3.19"));
  TaxResult ch = Quote("CH", {{"book_cookbook"}, {"tshirt_logo", 2}});
  EXPECT_EQ(ch.subtotal_net.minor_units() + ch.total_tax.minor_units(),
            ch.total_gross.minor_units());
  EXPECT_EQ(Plain(ch.total_gross), "79.70");
}

TEST_F(ShippedMarketsTaxTest, EuReverseChargeOnAds) {
  // A German business buys ads from the Irish entity: reverse charge.
  TaxResult valid = QuoteAd("DE", "500.00", TaxCustomer{true, "DE136695976", "DE"});
  EXPECT_TRUE(valid.reverse_charge.applied);
  EXPECT_EQ(Plain(valid.total_gross), "500.00");
  EXPECT_EQ(valid.reverse_charge.legal_reference, "Council Directive 2006/112/EC, Art. 44 and 196");
  // A wrong check digit: charged as a consumer, with a note.
  TaxResult invalid = QuoteAd("DE", "500.00", TaxCustomer{true, "DE136695977", "DE"});
  EXPECT_FALSE(invalid.reverse_charge.applied);
  EXPECT_EQ(Plain(invalid.total_gross), "595.00");
  ASSERT_EQ(invalid.notes.size(), 1u);
  EXPECT_EQ(invalid.notes[0],
            "VAT ID 'DE136695977' rejected: check digit mismatch; charged as a consumer");
  // An Irish business is domestic for the Irish entity: charged.
  TaxResult domestic = QuoteAd("IE", "500.00", TaxCustomer{true, "IE6388047V", "IE"});
  EXPECT_FALSE(domestic.reverse_charge.applied);
  EXPECT_EQ(Plain(domestic.total_tax), "115.00");
  // A Dutch business in the Irish market: cross-border, reverse charge.
  TaxResult dutch = QuoteAd("IE", "500.00", TaxCustomer{true, "NL004495445B01", "NL"});
  EXPECT_TRUE(dutch.reverse_charge.applied);
}

}  // namespace
}  // namespace mg::regions
