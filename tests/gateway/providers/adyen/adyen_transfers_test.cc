// Adyen balance-platform payouts: the Transfers API v4 mapping against
// recorded fixtures, the adapter against a scripted client, and its settings.
#include "adyen/adyen_transfers.h"

#include <gtest/gtest.h>

#include "adyen/adyen_provider.h"
#include "fixture.h"
#include "gateway/providers/json_fields.h"
#include "gateway/providers/provider_registry.h"
#include "scripted_http.h"

namespace mg::providers::adyen {
namespace {

using outbound::HttpResult;
using testing::HeaderOf;
using testing::ReadFixture;
using testing::Recorded;
using testing::ScriptedHttp;
namespace jf = json_fields;

Money M(int64_t minor, const char* currency) {
  return Money(minor, *CurrencyCode::Parse(currency));
}

const TransferAccount kAccount{"https://balanceplatform.test/btl/v4", "BA32272223222B5LPRFDW7J9G"};

PayoutRequest Request(Money amount) {
  PayoutRequest r{.payout_id = "pyt_123", .amount = amount};
  r.destination = "SE1234567890ABC1234567890";
  r.description = "Creator earnings May <3";
  r.idempotency_key = DerivePayoutIdempotencyKey("pyt_123", 0);
  return r;
}

TEST(AdyenTransferRequestTest, BodyFieldByField) {
  auto req = BuildTransfer(kAccount, Request(M(1000, "JPY")));
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(req->method, "POST");
  EXPECT_EQ(req->url, "https://balanceplatform.test/btl/v4/transfers");
  auto doc = jf::Parse(req->body);
  const boost::json::object& body = *jf::Object(&*doc);
  EXPECT_EQ(body.size(), 8u);
  const boost::json::object* amount = jf::Object(body, "amount");
  ASSERT_NE(amount, nullptr);
  EXPECT_EQ(jf::String(*amount, "currency"), "JPY");
  EXPECT_EQ(jf::Int(*amount, "value"), 1000);  // zero-decimal at Adyen
  EXPECT_EQ(jf::String(body, "balanceAccountId"), "BA32272223222B5LPRFDW7J9G");
  EXPECT_EQ(jf::String(body, "category"), "bank");
  EXPECT_EQ(jf::String(body, "priority"), "regular");  // required for category bank
  EXPECT_EQ(jf::String(*jf::Object(body, "counterparty"), "transferInstrumentId"),
            "SE1234567890ABC1234567890");
  EXPECT_EQ(jf::String(body, "reference"), "pyt_123");
  EXPECT_EQ(jf::String(body, "referenceForBeneficiary"), "pyt123");       // letters and digits only
  EXPECT_EQ(jf::String(body, "description"), "Creator earnings May  3");  // '<' not allowed
  EXPECT_EQ(HeaderOf(*req, "X-API-Key"), "");  // the provider adds secrets
  auto eur = BuildTransfer(kAccount, Request(M(1099, "EUR")));
  auto eur_doc = jf::Parse(eur->body);
  EXPECT_EQ(jf::Int(*jf::Object(*jf::Object(&*eur_doc), "amount"), "value"), 1099);
}

TEST(AdyenTransferRequestTest, RefusesBadDestinationsAndReferences) {
  PayoutRequest pan = Request(M(100, "EUR"));
  pan.destination = "4111111111111111";
  EXPECT_EQ(BuildTransfer(kAccount, pan).status().code(), ErrorCode::kInvalidArgument);
  PayoutRequest path = Request(M(100, "EUR"));
  path.destination = "SE1/../balanceAccounts";
  EXPECT_FALSE(BuildTransfer(kAccount, path).ok());
  EXPECT_FALSE(BuildGetTransfer(kAccount, "1W1/../x").ok());
  EXPECT_EQ(BuildGetTransfer(kAccount, "1W1UG35U8A9J5ZLG")->url,
            "https://balanceplatform.test/btl/v4/transfers/1W1UG35U8A9J5ZLG");
}

struct StatusCase {
  const char* fixture;
  Outcome outcome;
  const char* reason;  // provider_code when declined
};

class AdyenTransferStatusTest : public ::testing::TestWithParam<StatusCase> {};

TEST_P(AdyenTransferStatusTest, MapsEveryStatus) {
  PaymentResult r = MapTransferResponse("adyen", Recorded("adyen", GetParam().fixture, 202));
  EXPECT_EQ(r.outcome, GetParam().outcome) << OutcomeName(r.outcome);
  EXPECT_EQ(r.provider_reference, "1W1UG35U8A9J5ZLG");
  EXPECT_EQ(r.provider_code, GetParam().reason);
  EXPECT_FALSE(r.ambiguous);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, AdyenTransferStatusTest,
    ::testing::Values(
        StatusCase{"transfer_received.json", Outcome::kPending, ""},
        StatusCase{"transfer_authorised.json", Outcome::kPending, ""},
        StatusCase{"transfer_booked.json", Outcome::kPending, ""},
        StatusCase{"transfer_credited.json", Outcome::kApproved, ""},
        StatusCase{"transfer_refused.json", Outcome::kDeclined, "notEnoughBalance"},
        StatusCase{"transfer_failed.json", Outcome::kDeclined, "refusedByCounterpartyBank"},
        StatusCase{"transfer_returned.json", Outcome::kDeclined, "counterpartyAccountClosed"},
        StatusCase{"transfer_unknown_status.json", Outcome::kPending, ""}));

TEST(AdyenTransferResponseTest, Errors) {
  PaymentResult invalid =
      MapTransferResponse("adyen", Recorded("adyen", "transfer_error_validation.json", 422));
  EXPECT_EQ(invalid.outcome, Outcome::kFatalError);
  EXPECT_EQ(invalid.provider_code, "30_112");
  EXPECT_EQ(invalid.message, "Counterparty transfer instrument not found");
  PaymentResult down = MapTransferResponse("adyen", Recorded("adyen", "error_internal.json", 500));
  EXPECT_EQ(down.outcome, Outcome::kPending);
  EXPECT_TRUE(down.ambiguous);
  outbound::HttpResponse odd{202, {}, "<html>accepted</html>"};
  EXPECT_EQ(MapTransferResponse("adyen", odd).outcome, Outcome::kPending);
}

class AdyenPayoutFlowTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedHttp> http = std::make_shared<ScriptedHttp>();
  AdyenProvider adyen{"adyen", AdyenAccount{"https://checkout.test", "Merchant"}, Secret("k"), http,
                      kAccount};
  PayoutStatusRequest Lookup(std::string reference) {
    return PayoutStatusRequest{.payout_id = "pyt_123",
                               .provider_reference = std::move(reference),
                               .destination = "SE1234567890ABC1234567890",
                               .idempotency_key = "mg-payout-1",
                               .amount = M(1000, "EUR")};
  }
};

TEST_F(AdyenPayoutFlowTest, OneCallWithKeyAndApiKey) {
  http->Answer(202, ReadFixture("adyen", "transfer_received.json"));
  PayoutRequest request = Request(M(80000, "EUR"));
  auto r = adyen.Payout(request);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kPending);
  EXPECT_EQ(r->provider_reference, "1W1UG35U8A9J5ZLG");
  ASSERT_EQ(http->sent().size(), 1u);
  EXPECT_EQ(HeaderOf(http->sent()[0], "Idempotency-Key"), request.idempotency_key);
  EXPECT_EQ(HeaderOf(http->sent()[0], "X-API-Key"), "k");
  EXPECT_EQ(http->sent()[0].url, "https://balanceplatform.test/btl/v4/transfers");
}

TEST_F(AdyenPayoutFlowTest, LostAnswerIsAmbiguousAndUnsentIsRetryable) {
  http->Fail(HttpResult::Kind::kAmbiguous, "read timeout");
  auto lost = adyen.Payout(Request(M(100, "EUR")));
  EXPECT_EQ(lost->outcome, Outcome::kPending);
  EXPECT_TRUE(lost->ambiguous);
  http->Fail(HttpResult::Kind::kNotSent, "connection refused");
  EXPECT_EQ(adyen.Payout(Request(M(100, "EUR")))->outcome, Outcome::kRetryableError);
}

TEST_F(AdyenPayoutFlowTest, LookupByReferenceAndWithout) {
  http->Answer(200, ReadFixture("adyen", "transfer_credited.json"));
  auto r = adyen.GetPayoutStatus(Lookup("1W1UG35U8A9J5ZLG"));
  EXPECT_EQ(r->outcome, Outcome::kApproved);
  ASSERT_EQ(http->sent().size(), 1u);
  EXPECT_EQ(http->sent()[0].method, "GET");
  EXPECT_EQ(http->sent()[0].url, "https://balanceplatform.test/btl/v4/transfers/1W1UG35U8A9J5ZLG");
  EXPECT_EQ(HeaderOf(http->sent()[0], "Idempotency-Key"), "");
  http->Answer(404, ReadFixture("adyen", "transfer_error_not_found.json"));
  EXPECT_EQ(adyen.GetPayoutStatus(Lookup("1W1UG35U8A9J5ZLG"))->outcome, Outcome::kNotFound);
  // No lookup by our reference exists: nothing is sent, nothing is proven.
  auto blind = adyen.GetPayoutStatus(Lookup(""));
  EXPECT_EQ(blind->outcome, Outcome::kPending);
  EXPECT_TRUE(blind->ambiguous);
  EXPECT_EQ(http->sent().size(), 2u);
}

ProviderConfig Config(std::map<std::string, std::string> settings) {
  ProviderConfig c;
  c.id = "adyen";
  c.kind = "adyen";
  c.base_url = "https://checkout-test.adyen.com";
  c.api_key = Secret("k");
  c.settings = std::move(settings);
  c.settings["merchant_account"] = "Merchant";
  return c;
}

TEST(AdyenPayoutSettingsTest, WithoutSettingsPayoutRefusesClearly) {
  auto adyen = MakeAdyenProvider(Config({}));
  ASSERT_TRUE(adyen.ok()) << adyen.status().ToString();
  auto r = (*adyen)->Payout(Request(M(100, "EUR")));
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.status().ToString().find("transfers_base_url"), std::string::npos);
}

TEST(AdyenPayoutSettingsTest, BadOrHalfSettingsAreConfigErrorsNamingTheField) {
  auto field = [](std::map<std::string, std::string> settings) {
    return MakeAdyenProvider(Config(std::move(settings))).status().param();
  };
  EXPECT_EQ(field({{"balance_account_id", "BA1"}}), "settings.transfers_base_url");
  EXPECT_EQ(field({{"transfers_base_url", "https://b.test/btl/v4"}}),
            "settings.balance_account_id");
  EXPECT_EQ(field({{"transfers_base_url", "balanceplatform"}, {"balance_account_id", "BA1"}}),
            "settings.transfers_base_url");
  EXPECT_EQ(field({{"transfers_base_url", "https://b.test"}, {"balance_account_id", "BA 1"}}),
            "settings.balance_account_id");
  // A value that is there but malformed is not reported as missing.
  const std::string malformed = MakeAdyenProvider(Config({{"transfers_base_url", "https://b.test"},
                                                          {"balance_account_id", "BA_sandbox"}}))
                                    .status()
                                    .message();
  EXPECT_NE(malformed.find("'BA_sandbox' is not an Adyen balance account id"), std::string::npos)
      << malformed;
  EXPECT_EQ(field({{"transfers_base_url", "https://b.test"},
                   {"balance_account_id", "BA1"},
                   {"transfer_priority", "asap"}}),
            "settings.transfer_priority");
  EXPECT_TRUE(MakeAdyenProvider(Config({{"transfers_base_url", "https://b.test/btl/v4/"},
                                        {"balance_account_id", "BA1"},
                                        {"transfer_priority", "instant"}}))
                  .ok());
  // The kind admits the new names (a typo would be refused).
  ProviderRegistry registry = ProviderRegistry::WithBuiltins();
  EXPECT_TRUE(registry
                  .CheckConfig(Config({{"transfers_base_url", "https://b.test"},
                                       {"balance_account_id", "BA1"},
                                       {"transfer_priority", "fast"}}))
                  .ok());
  EXPECT_FALSE(registry.CheckConfig(Config({{"transfer_base_url", "https://b.test"}})).ok());
}

}  // namespace
}  // namespace mg::providers::adyen
