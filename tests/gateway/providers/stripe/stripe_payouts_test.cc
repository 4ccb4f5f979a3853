// Stripe Connect payouts: the wire mapping against recorded fixtures, and
// the adapter's two-call flow and lookups against a scripted HTTP client.
#include "stripe/stripe_payouts.h"

#include <gtest/gtest.h>

#include "fixture.h"
#include "gateway/providers/provider_http.h"
#include "scripted_http.h"
#include "stripe/stripe_provider.h"

namespace mg::providers::stripe {
namespace {

using outbound::HttpResult;
using testing::HeaderOf;
using testing::ReadFixture;
using testing::Recorded;
using testing::ScriptedHttp;

Money M(int64_t minor, const char* currency) {
  return Money(minor, *CurrencyCode::Parse(currency));
}

PayoutRequest Request(Money amount) {
  PayoutRequest r{.payout_id = "pyt_123", .amount = amount};
  r.destination = "acct_1PgafTB7WZ01zgkW";
  r.description = "Creator earnings May";
  r.idempotency_key = DerivePayoutIdempotencyKey("pyt_123", 0);
  return r;
}

std::map<std::string, std::string> Fields(const std::string& body) {
  std::map<std::string, std::string> out;
  for (auto& [k, v] : FormDecode(body)) out[k] = v;
  return out;
}

TEST(StripePayoutRequestTest, TransferCarriesGroupMetadataAndStripeUnit) {
  auto req = BuildCreateTransfer("https://api.stripe.test", Request(M(1000, "JPY")));
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(req->method, "POST");
  EXPECT_EQ(req->url, "https://api.stripe.test/v1/transfers");
  auto f = Fields(req->body);
  EXPECT_EQ(f.size(), 6u);
  EXPECT_EQ(f["amount"], "1000");  // zero-decimal at Stripe
  EXPECT_EQ(f["currency"], "jpy");
  EXPECT_EQ(f["destination"], "acct_1PgafTB7WZ01zgkW");
  EXPECT_EQ(f["transfer_group"], "pyt_123");
  EXPECT_EQ(f["metadata[payout_id]"], "pyt_123");
  EXPECT_EQ(f["description"], "Creator earnings May");
  EXPECT_EQ(HeaderOf(*req, "Stripe-Account"), "");  // made as the platform
  EXPECT_EQ(HeaderOf(*req, "Authorization"), "");   // the provider adds secrets
  EXPECT_EQ(Fields(BuildCreateTransfer("https://x", Request(M(1099, "USD")))->body)["amount"],
            "1099");
}

TEST(StripePayoutRequestTest, PayoutIsMadeAsTheConnectedAccount) {
  auto req = BuildCreatePayout("https://x", "acct_1PgafTB7WZ01zgkW", "pyt_123", M(1099, "EUR"));
  ASSERT_TRUE(req.ok()) << req.status().ToString();
  EXPECT_EQ(req->method, "POST");
  EXPECT_EQ(req->url, "https://x/v1/payouts");
  EXPECT_EQ(HeaderOf(*req, "Stripe-Account"), "acct_1PgafTB7WZ01zgkW");
  auto f = Fields(req->body);
  EXPECT_EQ(f.size(), 3u);  // nothing a status lookup could not rebuild
  EXPECT_EQ(f["amount"], "1099");
  EXPECT_EQ(f["currency"], "eur");
  EXPECT_EQ(f["metadata[payout_id]"], "pyt_123");
  EXPECT_EQ(TransferIdempotencyKey("k"), "k-transfer");
  EXPECT_EQ(PayoutIdempotencyKey("k"), "k-payout");
}

TEST(StripePayoutRequestTest, RefusesWhatIsNotAConnectedAccount) {
  PayoutRequest bank = Request(M(100, "USD"));
  bank.destination = "ba_1Pgc79B7WZ01zgkW";
  EXPECT_EQ(BuildCreateTransfer("https://x", bank).status().code(), ErrorCode::kInvalidArgument);
  PayoutRequest pan = Request(M(100, "USD"));
  pan.destination = "4242424242424242";
  EXPECT_EQ(BuildCreateTransfer("https://x", pan).status().code(), ErrorCode::kInvalidArgument);
  PayoutRequest path = Request(M(100, "USD"));
  path.destination = "acct_1/../../v1/charges";
  EXPECT_FALSE(BuildCreateTransfer("https://x", path).ok());
  EXPECT_FALSE(BuildRetrievePayout("https://x", "acct_1", "po_1/../x").ok());
  EXPECT_FALSE(BuildRetrievePayout("https://x", "", "po_1").ok());
  auto get = BuildRetrievePayout("https://x", "acct_1", "po_1");
  EXPECT_EQ(get->url, "https://x/v1/payouts/po_1");
  EXPECT_EQ(HeaderOf(*get, "Stripe-Account"), "acct_1");
  EXPECT_EQ(BuildListTransfers("https://x", "pyt_1 2")->url,
            "https://x/v1/transfers?transfer_group=pyt_1%202");
}

struct StatusCase {
  const char* fixture;
  Outcome outcome;
  const char* provider_status;
};

class StripePayoutStatusTest : public ::testing::TestWithParam<StatusCase> {};

TEST_P(StripePayoutStatusTest, MapsEveryPayoutStatus) {
  PaymentResult r = MapPayoutResponse("stripe", Recorded("stripe", GetParam().fixture, 200));
  EXPECT_EQ(r.outcome, GetParam().outcome) << OutcomeName(r.outcome);
  EXPECT_EQ(r.provider_status, GetParam().provider_status);
  EXPECT_EQ(r.provider_reference, "po_1Pgc79B7WZ01zgkWu1KToYf4");
  EXPECT_FALSE(r.ambiguous);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, StripePayoutStatusTest,
    ::testing::Values(StatusCase{"payout_paid.json", Outcome::kApproved, "paid"},
                      StatusCase{"payout_pending.json", Outcome::kPending, "pending"},
                      StatusCase{"payout_in_transit.json", Outcome::kPending, "in_transit"},
                      StatusCase{"payout_failed.json", Outcome::kDeclined, "failed"},
                      StatusCase{"payout_canceled.json", Outcome::kDeclined, "canceled"},
                      StatusCase{"payout_unknown_status.json", Outcome::kPending, "on_hold"}));

TEST(StripePayoutResponseTest, FailureCarriesCodeAndMessage) {
  PaymentResult r = MapPayoutResponse("stripe", Recorded("stripe", "payout_failed.json", 200));
  EXPECT_EQ(r.provider_code, "account_closed");
  EXPECT_EQ(r.message, "The bank account has been closed.");
}

TEST(StripePayoutResponseTest, TransferAnswersAndErrors) {
  PaymentResult moved =
      MapTransferResponse("stripe", Recorded("stripe", "transfer_created.json", 200));
  EXPECT_EQ(moved.outcome, Outcome::kApproved);
  EXPECT_EQ(moved.provider_reference, "tr_1Pgc7BB7WZ01zgkWVJfE40RX");
  PaymentResult broke =
      MapTransferResponse("stripe", Recorded("stripe", "error_balance_insufficient.json", 400));
  EXPECT_EQ(broke.outcome, Outcome::kFatalError);
  EXPECT_EQ(broke.provider_code, "balance_insufficient");
  PaymentResult api = MapTransferResponse("stripe", Recorded("stripe", "error_api.json", 500));
  EXPECT_EQ(api.outcome, Outcome::kPending);
  EXPECT_TRUE(api.ambiguous);
  // A 2xx that is not a transfer is never taken for one.
  outbound::HttpResponse odd{200, {}, R"({"object":"charge","id":"ch_1"})"};
  EXPECT_EQ(MapTransferResponse("stripe", odd).outcome, Outcome::kPending);
  EXPECT_EQ(MapPayoutResponse("stripe", odd).outcome, Outcome::kPending);
}

// The adapter over a scripted client.
class StripePayoutFlowTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedHttp> http = std::make_shared<ScriptedHttp>();
  StripeProvider stripe{"stripe", "https://api.stripe.test", Secret("sk_test_1"), http};
  PayoutRequest request = Request(M(1100, "USD"));
  PayoutStatusRequest Lookup(std::string reference) {
    return PayoutStatusRequest{.payout_id = "pyt_123",
                               .provider_reference = std::move(reference),
                               .destination = "acct_1PgafTB7WZ01zgkW",
                               .idempotency_key = request.idempotency_key,
                               .amount = request.amount};
  }
};

TEST_F(StripePayoutFlowTest, TransferThenPayoutAsTheAccount) {
  http->Answer(200, ReadFixture("stripe", "transfer_created.json"));
  http->Answer(200, ReadFixture("stripe", "payout_paid.json"));
  auto r = stripe.Payout(request);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kApproved);
  EXPECT_EQ(r->provider_reference, "po_1Pgc79B7WZ01zgkWu1KToYf4");
  ASSERT_EQ(http->sent().size(), 2u);
  const auto& transfer = http->sent()[0];
  EXPECT_EQ(transfer.url, "https://api.stripe.test/v1/transfers");
  EXPECT_EQ(HeaderOf(transfer, "Idempotency-Key"), request.idempotency_key + "-transfer");
  EXPECT_EQ(HeaderOf(transfer, "Authorization"), "Bearer sk_test_1");
  const auto& payout = http->sent()[1];
  EXPECT_EQ(payout.url, "https://api.stripe.test/v1/payouts");
  EXPECT_EQ(HeaderOf(payout, "Idempotency-Key"), request.idempotency_key + "-payout");
  EXPECT_EQ(HeaderOf(payout, "Stripe-Account"), "acct_1PgafTB7WZ01zgkW");
}

TEST_F(StripePayoutFlowTest, RefusedTransferAsksForNoPayout) {
  http->Answer(400, ReadFixture("stripe", "error_balance_insufficient.json"));
  auto r = stripe.Payout(request);
  EXPECT_EQ(r->outcome, Outcome::kFatalError);
  EXPECT_EQ(http->sent().size(), 1u);
}

TEST_F(StripePayoutFlowTest, LostTransferAnswerIsAmbiguous) {
  http->Fail(HttpResult::Kind::kAmbiguous, "read timeout");
  auto r = stripe.Payout(request);
  EXPECT_EQ(r->outcome, Outcome::kPending);
  EXPECT_TRUE(r->ambiguous);
  EXPECT_EQ(http->sent().size(), 1u);
}

TEST_F(StripePayoutFlowTest, PayoutCallLostOrUnsentAfterTheTransferIsPendingNeverRetryable) {
  http->Answer(200, ReadFixture("stripe", "transfer_created.json"));
  http->Fail(HttpResult::Kind::kAmbiguous, "read timeout");
  auto lost = stripe.Payout(request);
  EXPECT_EQ(lost->outcome, Outcome::kPending);
  EXPECT_TRUE(lost->ambiguous);
  // Not sent: safe to retry here, but the money is in the connected account,
  // so it must not read as "nothing happened" (a failover would pay twice).
  http->Answer(200, ReadFixture("stripe", "transfer_created.json"));
  http->Fail(HttpResult::Kind::kNotSent, "connection refused");
  auto unsent = stripe.Payout(request);
  EXPECT_EQ(unsent->outcome, Outcome::kPending);
  EXPECT_TRUE(unsent->ambiguous);
  EXPECT_NE(unsent->message.find("tr_1Pgc7BB7WZ01zgkWVJfE40RX"), std::string::npos);
}

TEST_F(StripePayoutFlowTest, FailedPayoutIsDeclined) {
  http->Answer(200, ReadFixture("stripe", "transfer_created.json"));
  http->Answer(200, ReadFixture("stripe", "payout_failed.json"));
  auto r = stripe.Payout(request);
  EXPECT_EQ(r->outcome, Outcome::kDeclined);
  EXPECT_EQ(r->provider_code, "account_closed");
}

TEST_F(StripePayoutFlowTest, LookupByReferenceReadsAsTheAccount) {
  http->Answer(200, ReadFixture("stripe", "payout_in_transit.json"));
  auto r = stripe.GetPayoutStatus(Lookup("po_1Pgc79B7WZ01zgkWu1KToYf4"));
  EXPECT_EQ(r->outcome, Outcome::kPending);
  ASSERT_EQ(http->sent().size(), 1u);
  EXPECT_EQ(http->sent()[0].method, "GET");
  EXPECT_EQ(http->sent()[0].url, "https://api.stripe.test/v1/payouts/po_1Pgc79B7WZ01zgkWu1KToYf4");
  EXPECT_EQ(HeaderOf(http->sent()[0], "Stripe-Account"), "acct_1PgafTB7WZ01zgkW");
  http->Answer(404, ReadFixture("stripe", "error_payout_missing.json"));
  EXPECT_EQ(stripe.GetPayoutStatus(Lookup("po_nope"))->outcome, Outcome::kNotFound);
}

TEST_F(StripePayoutFlowTest, LookupWithoutReferenceNoTransferIsNotFound) {
  http->Answer(200, ReadFixture("stripe", "transfers_list_empty.json"));
  auto r = stripe.GetPayoutStatus(Lookup(""));
  EXPECT_EQ(r->outcome, Outcome::kNotFound);
  ASSERT_EQ(http->sent().size(), 1u);
  EXPECT_EQ(http->sent()[0].url, "https://api.stripe.test/v1/transfers?transfer_group=pyt_123");
}

TEST_F(StripePayoutFlowTest, LookupWithoutReferenceFindsThePayoutByOurId) {
  http->Answer(200, ReadFixture("stripe", "transfers_list_one.json"));
  http->Answer(200, ReadFixture("stripe", "payouts_list_match.json"));
  auto r = stripe.GetPayoutStatus(Lookup(""));
  EXPECT_EQ(r->outcome, Outcome::kApproved);  // the matching one, not po_other (failed)
  EXPECT_EQ(r->provider_reference, "po_1Pgc79B7WZ01zgkWu1KToYf4");
  ASSERT_EQ(http->sent().size(), 2u);
  EXPECT_EQ(http->sent()[1].method, "GET");
  EXPECT_EQ(http->sent()[1].url, "https://api.stripe.test/v1/payouts?limit=100");
  EXPECT_EQ(HeaderOf(http->sent()[1], "Stripe-Account"), "acct_1PgafTB7WZ01zgkW");
}

TEST_F(StripePayoutFlowTest, LookupCompletesATransferWithoutPayoutWithTheSameKey) {
  http->Answer(200, ReadFixture("stripe", "transfers_list_one.json"));
  http->Answer(200, ReadFixture("stripe", "payouts_list_other.json"));
  http->Answer(200, ReadFixture("stripe", "payout_pending.json"));
  auto r = stripe.GetPayoutStatus(Lookup(""));
  EXPECT_EQ(r->outcome, Outcome::kPending);
  EXPECT_EQ(r->provider_reference, "po_1Pgc79B7WZ01zgkWu1KToYf4");
  ASSERT_EQ(http->sent().size(), 3u);
  const auto& again = http->sent()[2];
  EXPECT_EQ(again.method, "POST");
  EXPECT_EQ(again.url, "https://api.stripe.test/v1/payouts");
  EXPECT_EQ(HeaderOf(again, "Idempotency-Key"), request.idempotency_key + "-payout");
  // Byte for byte what Payout sent, so Stripe's replay check accepts it.
  EXPECT_EQ(again.body,
            BuildCreatePayout("https://x", request.destination, "pyt_123", request.amount)->body);
}

TEST_F(StripePayoutFlowTest, LookupWithoutKeyDoesNotCompleteAndListFailuresProveNothing) {
  http->Answer(200, ReadFixture("stripe", "transfers_list_one.json"));
  http->Answer(200, ReadFixture("stripe", "payouts_list_other.json"));
  PayoutStatusRequest no_key = Lookup("");
  no_key.idempotency_key.clear();
  auto r = stripe.GetPayoutStatus(no_key);
  EXPECT_EQ(r->outcome, Outcome::kPending);
  EXPECT_TRUE(r->ambiguous);
  EXPECT_EQ(http->sent().size(), 2u);
  http->Answer(500, ReadFixture("stripe", "error_api.json"));
  auto down = stripe.GetPayoutStatus(Lookup(""));
  EXPECT_EQ(down->outcome, Outcome::kPending);
  EXPECT_TRUE(down->ambiguous);
  http->Fail(HttpResult::Kind::kAmbiguous, "read timeout");
  EXPECT_TRUE(stripe.GetPayoutStatus(Lookup(""))->ambiguous);
}

}  // namespace
}  // namespace mg::providers::stripe
