// PUT/GET /v1/creators/{id} and GET /v1/creators/{id}/earnings: a creator
// registered in a market that pays creators, refused when the market's
// receive_gift age gate refuses them; provider tokens only; the `payouts`
// scope and the key's account.
#include "creator_routes.h"

#include "api_test_support.h"

namespace mg::api::testing {
namespace {

constexpr const char* kBrazilianCreator =
    R"({"market": "BR", "age": 25, "payout": {"method": "pix", "token": "pixkey_tok_1"},
        "tax_identity": {"status": "verified", "country": "BR", "reference": "cpf_tok_9"}})";

class CreatorRoutesTest : public ApiTest {};

TEST_F(CreatorRoutesTest, ACreatorIsRegisteredReadAndUpdated) {
  TestResponse created = Put("/v1/creators/cus_c", kBrazilianCreator);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Text("object"), "creator");
  EXPECT_EQ(created.Text("id"), "cus_c");
  EXPECT_EQ(created.Text("market"), "BR");
  EXPECT_EQ(created.Text("currency"), "BRL");
  EXPECT_EQ(created.Int("age"), 25);
  EXPECT_EQ(created.Text("standing"), "good");
  EXPECT_EQ(created.Text("payout.method"), "pix");
  EXPECT_EQ(created.Text("payout.token"), "pixkey_tok_1");
  EXPECT_EQ(created.Text("tax_identity.status"), "verified");
  EXPECT_EQ(created.Text("tax_identity.reference"), "cpf_tok_9");

  TestResponse read = Get("/v1/creators/cus_c", kPayoutsKey);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.At("payout"), created.At("payout"));

  TestResponse restricted =
      Put("/v1/creators/cus_c", R"({"market": "BR", "age": 25, "standing": "restricted"})");
  ASSERT_EQ(restricted.status, 200) << restricted.body;
  EXPECT_EQ(restricted.Text("standing"), "restricted");
  EXPECT_TRUE(restricted.At("payout").is_null());
  EXPECT_EQ(restricted.Text("tax_identity.status"), "missing");
}

TEST_F(CreatorRoutesTest, AMinorIsNotRegisteredToReceiveGifts) {
  TestResponse minor = Put("/v1/creators/cus_young", R"({"market": "BR", "age": 17})");
  ASSERT_EQ(minor.status, 422) << minor.body;
  EXPECT_EQ(minor.Text("error.code"), "compliance_denied");
  const auto& failed = minor.At("error.details.failed_checks").as_array();
  ASSERT_EQ(failed.size(), 1u) << minor.body;
  EXPECT_EQ(failed[0].at("rule_id").as_string(), "platform.age.receive_gifts");
  EXPECT_EQ(failed[0].at("reason").as_string(),
            "creator is 17; receiving gifts requires 18 or older");
  EXPECT_EQ(Get("/v1/creators/cus_young", kPayoutsKey).status, 404);
  EXPECT_EQ(CountRows("creators"), 0);
}

TEST_F(CreatorRoutesTest, EarningsStartAtZeroInTheCreatorsCurrency) {
  ASSERT_EQ(Put("/v1/creators/cus_c", kBrazilianCreator).status, 201);
  TestResponse earnings = Get("/v1/creators/cus_c/earnings", kPayoutsKey);
  ASSERT_EQ(earnings.status, 200) << earnings.body;
  EXPECT_EQ(earnings.Text("object"), "creator_earnings");
  EXPECT_EQ(earnings.Text("currency"), "BRL");
  EXPECT_EQ(earnings.Int("diamonds"), 0);
  EXPECT_EQ(earnings.Int("payable.amount"), 0);
  EXPECT_EQ(earnings.Text("payable.currency"), "BRL");
  EXPECT_EQ(earnings.Text("diamond_value.amount"), "0.025");
  EXPECT_EQ(Get("/v1/creators/nobody/earnings", kPayoutsKey).status, 404);
}

struct BadCreator {
  const char* name;
  std::string body;
  int status;
  std::string param;
};

class BadCreatorTest : public CreatorRoutesTest,
                       public ::testing::WithParamInterface<BadCreator> {};

TEST_P(BadCreatorTest, IsRefusedNamingTheParameterAndStoresNothing) {
  TestResponse r = Put("/v1/creators/cus_bad", GetParam().body);
  EXPECT_EQ(r.status, GetParam().status) << r.body;
  EXPECT_EQ(r.Text("error.param"), GetParam().param) << r.body;
  // A number sent where a token belongs is never echoed back.
  EXPECT_EQ(r.body.find("4242424242424242"), std::string::npos);
  EXPECT_EQ(r.body.find("DE89370400440532013000"), std::string::npos);
  EXPECT_EQ(CountRows("creators"), 0);
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, BadCreatorTest,
    ::testing::Values(
        BadCreator{"UnknownMarket", R"({"market": "ZZ", "age": 30})", 404, "market"},
        BadCreator{"SuspendedMarket", R"({"market": "IN", "age": 30})", 451, "market"},
        BadCreator{"NoAge", R"({"market": "BR"})", 400, "age"},
        BadCreator{"AgeOutOfRange", R"({"market": "BR", "age": 200})", 422, "age"},
        BadCreator{"UnknownMember", R"({"market": "BR", "age": 30, "iban": "x"})", 400, "iban"},
        BadCreator{"BadStanding", R"({"market": "BR", "age": 30, "standing": "banned"})", 400,
                   "standing"},
        BadCreator{"CardNumberAsToken",
                   R"({"market": "BR", "age": 30,
                       "payout": {"method": "card", "token": "4242424242424242"}})",
                   400, "payout.token"},
        BadCreator{"IbanAsToken",
                   R"({"market": "BR", "age": 30,
                       "payout": {"method": "bank", "token": "DE89370400440532013000"}})",
                   400, "payout.token"},
        BadCreator{"TokenWithoutMethod",
                   R"({"market": "BR", "age": 30, "payout": {"token": "t_1"}})", 400,
                   "payout.method"},
        BadCreator{"BadTaxStatus",
                   R"({"market": "BR", "age": 30, "tax_identity": {"status": "ok"}})", 400,
                   "tax_identity.status"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(CreatorRoutesTest, CreatorsNeedThePayoutsScopeAndBelongToTheirAccount) {
  TestResponse purchases_key = Put("/v1/creators/cus_c", kBrazilianCreator, kPurchasesKey);
  EXPECT_EQ(purchases_key.status, 403) << purchases_key.body;
  ASSERT_EQ(Put("/v1/creators/cus_c", kBrazilianCreator).status, 201);
  EXPECT_EQ(Get("/v1/creators/cus_c", kOtherPayoutsKey).status, 404);
  EXPECT_EQ(Get("/v1/creators/cus_c/earnings", kOtherPayoutsKey).status, 404);
}

}  // namespace
}  // namespace mg::api::testing
