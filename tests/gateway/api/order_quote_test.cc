// POST /v1/quotes with "kind": "order": an order of goods from a third-party
// seller priced without side effects, on the shipped markets: the tax due at
// the destination with who remits it and why, the fees and the split; every
// bad input a precise 4xx that writes nothing.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api_test_support.h"

namespace mg::api::testing {
namespace {

class OrderQuoteTest : public ApiTest {
 protected:
  // A US-TX buyer orders two USD 25.00 shirts from a Chinese seller during a
  // LIVE, with an affiliate creator at 10 %.
  static boost::json::object TexasOrder() {
    return boost::json::parse(R"({
      "kind": "order", "market": "US",
      "customer": {"id": "cus_tx", "age": 30},
      "shipping_address": {"country": "US", "subdivision": "US-TX", "postal_code": "78701",
                           "city": "Austin", "lines": ["1100 Congress Ave"]},
      "seller": {"id": "seller_cn_1", "country": "CN"},
      "items": [{"listing": "lst_shirt", "title": "Shirt", "unit_price": "25.00",
                 "tax_class": "physical_goods", "category": "fashion", "quantity": 2}],
      "affiliate": {"creator": "creator_1", "rate": "10"},
      "attribution": {"type": "live", "id": "live_1"}})")
        .as_object();
  }

  // A DE buyer orders a EUR 80 item from a non-EU seller shipping from China.
  static boost::json::object GermanOrder() {
    return boost::json::parse(R"({
      "kind": "order", "market": "DE",
      "customer": {"age": 30},
      "shipping_address": {"country": "DE", "postal_code": "10115", "city": "Berlin"},
      "seller": {"id": "seller_cn_2", "country": "CN"},
      "items": [{"listing": "lst_dress", "title": "Kleid", "unit_price": "80.00",
                 "tax_class": "physical_goods", "category": "fashion"}],
      "attribution": {"type": "shoppable_ad", "id": "adb_1"}})")
        .as_object();
  }

  TestResponse Quote(const boost::json::object& body) {
    return Post("/v1/quotes", boost::json::serialize(body));
  }
};

TEST_F(OrderQuoteTest, TexasTaxIsCollectedByThePlatformAsMarketplaceFacilitator) {
  TestResponse r = Quote(TexasOrder());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Text("kind"), "order");
  EXPECT_EQ(r.Text("subdivision"), "US-TX");
  EXPECT_EQ(r.Text("lines.0.type"), "goods");
  EXPECT_EQ(r.Text("lines.0.sku"), "lst_shirt");
  EXPECT_EQ(r.Text("lines.0.category"), "fashion");
  // 50.00 at 6.25 % = 3.125 -> 3.13.
  EXPECT_EQ(r.Int("subtotal.amount"), 5000);
  EXPECT_EQ(r.Int("tax.amount"), 313);
  EXPECT_EQ(r.Int("total.amount"), 5313);
  EXPECT_EQ(r.Text("tax_lines.0.name"), "Sales tax (TX state)");
  EXPECT_EQ(r.Text("tax_lines.0.remitted_by"), "platform");
  EXPECT_EQ(r.Text("order.tax_remittance.remitted_by"), "platform");
  EXPECT_NE(r.Text("order.tax_remittance.reason").find("marketplace facilitator"),
            std::string::npos);
  EXPECT_NE(r.Text("order.tax_remittance.legal_reference").find("151.0242"), std::string::npos);
  // Referral fee 6 % of 50.00; affiliate 10 % of 50.00; the seller the rest.
  EXPECT_EQ(r.Int("order.split.referral_fee.amount"), 300);
  EXPECT_EQ(r.Int("lines.0.referral_fee.amount"), 300);
  EXPECT_EQ(r.Int("order.split.creator_payable.amount"), 500);
  EXPECT_EQ(r.Int("order.split.platform_tax.amount"), 313);
  EXPECT_EQ(r.Int("order.split.seller_payable.amount"), 4200);
  EXPECT_EQ(r.Int("order.split.platform_revenue.amount"), 300);
  EXPECT_EQ(r.Text("order.affiliate.creator"), "creator_1");
  EXPECT_EQ(r.Text("order.attribution.type"), "live");
  EXPECT_EQ(r.Int("order.holding_period.days"), 37);
  EXPECT_EQ(r.Text("decision.outcome"), "allow");
  // A quote writes nothing.
  for (const auto& [table, rows] : CountAll()) EXPECT_EQ(rows, 0) << table;
}

TEST_F(OrderQuoteTest, GermanDeemedSupplierVatAt19Percent) {
  TestResponse r = Quote(GermanOrder());
  ASSERT_EQ(r.status, 200) << r.body;
  // 80.00 / 1.19 = 67.23 net, 12.77 VAT, remitted by the platform.
  EXPECT_EQ(r.Int("total.amount"), 8000);
  EXPECT_EQ(r.Int("tax.amount"), 1277);
  EXPECT_EQ(r.Text("tax_lines.0.rate"), "19");
  EXPECT_EQ(r.Text("tax_lines.0.remitted_by"), "platform");
  EXPECT_NE(r.Text("order.tax_remittance.legal_reference").find("Art. 14a(1)"), std::string::npos);
  EXPECT_EQ(r.Int("order.return_window.days"), 14);
  EXPECT_EQ(r.Int("order.split.seller_payable.amount"), 8000 - 1277 - 605);
  // Over EUR 30, so PSD2 asks for SCA.
  EXPECT_EQ(r.Text("decision.outcome"), "allow_with_requirements");

  // The same seller with goods in a German warehouse: Art. 14a(2).
  boost::json::object warehouse = GermanOrder();
  warehouse["ships_from"] = "DE";
  TestResponse r2 = Quote(warehouse);
  ASSERT_EQ(r2.status, 200) << r2.body;
  EXPECT_NE(r2.Text("order.tax_remittance.legal_reference").find("Art. 14a(2)"), std::string::npos);
  // A French seller shipping from France remains liable itself.
  boost::json::object french = GermanOrder();
  french["seller"].as_object()["country"] = "FR";
  TestResponse r3 = Quote(french);
  ASSERT_EQ(r3.status, 200) << r3.body;
  EXPECT_EQ(r3.Text("order.tax_remittance.remitted_by"), "seller");
  EXPECT_EQ(r3.Int("order.split.platform_tax.amount"), 0);
  EXPECT_EQ(r3.Int("order.split.seller_payable.amount"), 8000 - 605);
}

TEST_F(OrderQuoteTest, AMinorIsDeniedGoods) {
  boost::json::object body = GermanOrder();
  body["customer"].as_object()["age"] = 16;
  TestResponse r = Quote(body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Text("decision.outcome"), "deny");
}

// Each bad input: a precise 4xx naming the parameter, and nothing written.
TEST_F(OrderQuoteTest, BadInputsAreRefusedPrecisely) {
  struct Case {
    const char* name;
    std::function<void(boost::json::object&)> change;
    int status;
    const char* param;
  };
  auto item = [](boost::json::object& body) -> boost::json::object& {
    return body["items"].as_array()[0].as_object();
  };
  const std::vector<Case> cases = {
      {"unknown category", [&](auto& b) { item(b)["category"] = "spaceships"; }, 422,
       "items[0].category"},
      {"forbidden item", [&](auto& b) { item(b)["category"] = "alcohol"; }, 422,
       "items[0].category"},
      {"address in another market",
       [](auto& b) { b["shipping_address"].as_object()["country"] = "MX"; }, 422,
       "shipping_address.country"},
      {"zero price", [&](auto& b) { item(b)["unit_price"] = "0.00"; }, 400, "items[0].unit_price"},
      {"negative price", [&](auto& b) { item(b)["unit_price"] = "-5.00"; }, 400,
       "items[0].unit_price"},
      {"more decimals than USD has", [&](auto& b) { item(b)["unit_price"] = "25.001"; }, 400,
       "items[0].unit_price"},
      {"a number, not an amount", [&](auto& b) { item(b)["unit_price"] = 25.5; }, 400,
       "items[0].unit_price"},
      {"affiliate rate over 100 %", [](auto& b) { b["affiliate"].as_object()["rate"] = "150"; },
       400, "affiliate.rate"},
      {"unknown subdivision",
       [](auto& b) { b["shipping_address"].as_object()["subdivision"] = "US-XX"; }, 422,
       "shipping_address.subdivision"},
      {"missing subdivision",
       [](auto& b) { b["shipping_address"].as_object().erase("subdivision"); }, 422,
       "shipping_address.subdivision"},
      {"unknown attribution", [](auto& b) { b["attribution"].as_object()["type"] = "banner"; }, 400,
       "attribution.type"},
      {"no seller", [](auto& b) { b.erase("seller"); }, 400, "seller"},
      {"unknown member", [](auto& b) { b["coupon"] = "FREE"; }, 400, "coupon"},
      {"quantity zero", [&](auto& b) { item(b)["quantity"] = 0; }, 422, "items[0].quantity"},
      {"a digital class", [&](auto& b) { item(b)["tax_class"] = "virtual_currency"; }, 422,
       "items[0].tax_class"},
  };
  for (const Case& c : cases) {
    boost::json::object body = TexasOrder();
    c.change(body);
    TestResponse r = Quote(body);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    EXPECT_EQ(r.Text("error.param"), c.param) << c.name << ": " << r.body;
  }
  for (const auto& [table, rows] : CountAll()) EXPECT_EQ(rows, 0) << table;
}

TEST_F(OrderQuoteTest, AMarketWithoutAShopRefusesOrders) {
  boost::json::object body = GermanOrder();
  body["market"] = "FR";
  body["shipping_address"].as_object()["country"] = "FR";
  TestResponse r = Quote(body);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.Text("error.param"), "market");
}

}  // namespace
}  // namespace mg::api::testing
