// POST /v1/payouts and GET /v1/payouts/{id}: a BR creator's diamonds, earned
// from gifts bought with coins in DE, paid by Pix (the in-process sandbox
// stands in for the pix provider; its answers follow the creator's token,
// docs/sandbox.md). Paid, failed and maybe-paid payouts each end final, with
// their journals and events; reconciliation settles what the provider had
// not; every refusal moves nothing; FX needs a fresh rates table.
#include "payout_routes.h"

#include <filesystem>
#include <fstream>

#include "api_test_support.h"
#include "gateway/api/reconciliation.h"

namespace mg::api::testing {
namespace {

std::string CreatorBody(const std::string& token = "pixkey_tok_1",
                        const std::string& tax = "verified", const std::string& market = "BR",
                        const std::string& standing = "good") {
  return R"({"market": ")" + market + R"(", "age": 25, "standing": ")" + standing +
         R"(", "payout": {"method": "pix", "token": ")" + token +
         R"("}, "tax_identity": {"status": ")" + tax + R"(", "country": "BR"}})";
}

class PayoutRoutesTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    ASSERT_EQ(Put("/v1/creators/cus_creator", CreatorBody()).status, 201);
    Earn("cus_creator");
  }

  TestResponse Pay(const std::string& body, const std::string& key) const {
    return Post("/v1/payouts", body, key, kPayoutsKey);
  }
  TestResponse Earnings(const std::string& creator = "cus_creator") const {
    return Get("/v1/creators/" + creator + "/earnings", kPayoutsKey);
  }
  void ExpectLedgerConsistent() const {
    Result<store::LedgerCheck> check = store_->CheckLedger();
    ASSERT_TRUE(check.ok()) << check.status().ToString();
    EXPECT_TRUE(check->consistent());
  }
  ReconcileReport Reconcile() {
    Result<ReconcileReport> report = Reconciler(Deps(), ReconcileOptions{}).RunOnce();
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : ReconcileReport{};
  }
};

TEST_F(PayoutRoutesTest, PaysEveryDiamondByPixAndReplaysTheSameBytes) {
  TestResponse paid = Pay(R"({"creator": "cus_creator"})", "pay-1");
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_TRUE(paid.Text("id").starts_with("pyt_"));
  EXPECT_EQ(paid.Text("object"), "payout");
  EXPECT_EQ(paid.Text("state"), "paid");
  EXPECT_EQ(paid.Int("diamonds"), 2999);
  EXPECT_EQ(paid.Text("currency"), "BRL");
  EXPECT_EQ(paid.Int("gross.amount"), 7498);
  EXPECT_EQ(paid.Int("withheld.amount"), 0);  // BR withholds nothing (unverified; sources/BR.md)
  EXPECT_EQ(paid.Int("net.amount"), 7498);
  EXPECT_EQ(paid.Text("method"), "pix");
  EXPECT_EQ(paid.Text("provider"), "pix");
  EXPECT_EQ(paid.Text("provider_reference"), "sbx_po_" + paid.Text("id"));
  EXPECT_TRUE(paid.At("fx").is_null());  // BRL earnings paid in BRL
  EXPECT_EQ(sandbox().payouts(), 1);
  // No id in the statement text: a run of its hex digits can pass for a card
  // number, which the adapters refuse to send (a payout failed at random).
  EXPECT_EQ(sandbox_calls_.last_payout_description, "Creator earnings");

  TestResponse earnings = Earnings();
  EXPECT_EQ(earnings.Int("diamonds"), 0);
  EXPECT_EQ(earnings.Int("diamonds_paid"), 2999);
  EXPECT_EQ(earnings.Int("diamonds_pending"), 0);
  EXPECT_EQ(earnings.Int("paid.amount"), 7498);
  EXPECT_EQ(CountRows("outbox_events WHERE type = 'payout.paid'"), 1);
  ExpectLedgerConsistent();

  TestResponse again = Pay(R"({"creator": "cus_creator"})", "pay-1");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, paid.body);
  EXPECT_EQ(again.replayed, "true");
  EXPECT_EQ(Pay(R"({"creator": "cus_creator", "diamonds": 5})", "pay-1").status, 409);
  EXPECT_EQ(sandbox().payouts(), 1);

  TestResponse read = Get("/v1/payouts/" + paid.Text("id"), kPayoutsKey);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Text("state"), "paid");
  EXPECT_EQ(Get("/v1/payouts/" + paid.Text("id"), kOtherPayoutsKey).status, 404);
  EXPECT_EQ(Get("/v1/payouts/" + paid.Text("id"), kPurchasesKey).status, 403);
}

TEST_F(PayoutRoutesTest, PartOfTheDiamondsAndNothingTwice) {
  TestResponse part = Pay(R"({"creator": "cus_creator", "diamonds": 2000})", "pay-part");
  ASSERT_EQ(part.status, 201) << part.body;
  EXPECT_EQ(part.Int("gross.amount"), 5000);  // exactly BR's minimum
  EXPECT_EQ(Earnings().Int("diamonds"), 999);
  TestResponse rest = Pay(R"({"creator": "cus_creator", "diamonds": 2000})", "pay-part-2");
  EXPECT_EQ(rest.status, 422) << rest.body;
  EXPECT_EQ(rest.Text("error.code"), "insufficient_diamonds");
  EXPECT_EQ(rest.Text("error.param"), "diamonds");
}

struct Refusal {
  const char* name;
  std::string creator_body;  // registered as cus_other first (empty: none)
  std::string payout_body;
  int status;
  std::string code;             // error.code
  std::string rule_id;          // a failed check's id, for compliance denials
  std::string after_body = {};  // PUT as cus_other once it has earned (empty: none)
};

class PayoutRefusalTest : public PayoutRoutesTest, public ::testing::WithParamInterface<Refusal> {};

TEST_P(PayoutRefusalTest, MovesNothing) {
  const Refusal& refusal = GetParam();
  if (!refusal.creator_body.empty()) {
    ASSERT_EQ(Put("/v1/creators/cus_other", refusal.creator_body).status, 201);
    Earn("cus_other");
  }
  if (!refusal.after_body.empty()) {
    ASSERT_EQ(Put("/v1/creators/cus_other", refusal.after_body).status, 200);
  }
  // A compliance denial is stored with its key for replays; nothing else is written.
  std::map<std::string, int64_t> before = CountAll();
  before.erase("idempotency_keys");
  TestResponse refused = Pay(refusal.payout_body, std::string("refused-") + refusal.name);
  EXPECT_EQ(refused.status, refusal.status) << refused.body;
  EXPECT_EQ(refused.Text("error.code"), refusal.code) << refused.body;
  if (!refusal.rule_id.empty()) {
    EXPECT_NE(refused.body.find("\"" + refusal.rule_id + "\""), std::string::npos) << refused.body;
  }
  std::map<std::string, int64_t> after = CountAll();
  after.erase("idempotency_keys");
  EXPECT_EQ(after, before);
  EXPECT_EQ(CountRows("payouts"), 0);
  EXPECT_EQ(CountRows("ledger_journals WHERE kind LIKE 'payout%'"), 0);
  EXPECT_EQ(sandbox().payouts(), 0);
  ExpectLedgerConsistent();
}

INSTANTIATE_TEST_SUITE_P(
    BadInputs, PayoutRefusalTest,
    ::testing::Values(
        Refusal{"UnknownCreator", "", R"({"creator": "nobody"})", 404, "not_found", ""},
        Refusal{"UnknownField", "", R"({"creator": "cus_creator", "amount": 5})", 400,
                "invalid_argument", ""},
        Refusal{"NegativeDiamonds", "", R"({"creator": "cus_creator", "diamonds": -5})", 400,
                "invalid_argument", ""},
        Refusal{"HugeDiamonds", "", R"({"creator": "cus_creator", "diamonds": 9000000000000})", 422,
                "insufficient_diamonds", ""},
        Refusal{"BelowMinimum", "", R"({"creator": "cus_creator", "diamonds": 100})", 422,
                "compliance_denied", "payout.minimum"},
        Refusal{"NoVerifiedTaxIdentity", CreatorBody("pixkey_tok_2", "pending"),
                R"({"creator": "cus_other"})", 422, "compliance_denied", "payout.tax_identity"},
        Refusal{"Restricted", CreatorBody("pixkey_tok_2"), R"({"creator": "cus_other"})", 422,
                "compliance_denied", "creator.standing",
                CreatorBody("pixkey_tok_2", "verified", "BR", "restricted")},
        Refusal{"MarketWithoutPayouts", CreatorBody("pixkey_tok_2", "verified", "DE"),
                R"({"creator": "cus_other"})", 422, "compliance_denied", "payout.offered"},
        Refusal{"MethodNotOffered",
                R"({"market": "BR", "age": 30, "payout": {"method": "stripe_connect",
                   "token": "acct_tok_1"}, "tax_identity": {"status": "verified"}})",
                R"({"creator": "cus_other"})", 422, "unprocessable", ""},
        Refusal{"NoPayoutMethod",
                R"({"market": "BR", "age": 30, "tax_identity": {"status": "verified"}})",
                R"({"creator": "cus_other"})", 422, "unprocessable", ""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(PayoutRoutesTest, AMissingIdempotencyKeyIsRefused) {
  TestResponse refused = Pay(R"({"creator": "cus_creator"})", "");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.Text("error.code"), "idempotency_key_missing");
  EXPECT_EQ(CountRows("payouts"), 0);
}

TEST_F(PayoutRoutesTest, ADeclinedPayoutGivesTheDiamondsBack) {
  ASSERT_EQ(Put("/v1/creators/cus_creator", CreatorBody("pixkey_payout_declined")).status, 200);
  TestResponse failed = Pay(R"({"creator": "cus_creator"})", "pay-declined");
  ASSERT_EQ(failed.status, 201) << failed.body;
  EXPECT_EQ(failed.Text("state"), "failed");
  EXPECT_EQ(failed.Text("failure.code"), "account_closed");
  TestResponse earnings = Earnings();
  EXPECT_EQ(earnings.Int("diamonds"), 2999);
  EXPECT_EQ(earnings.Int("diamonds_paid"), 0);
  EXPECT_EQ(CountRows("outbox_events WHERE type = 'payout.failed'"), 1);
  EXPECT_EQ(CountRows("ledger_journals WHERE kind = 'payout_reversal'"), 1);
  ExpectLedgerConsistent();
}

TEST_F(PayoutRoutesTest, APendingPayoutHoldsItsDiamondsUntilReconciliationFindsItPaid) {
  ASSERT_EQ(Put("/v1/creators/cus_creator", CreatorBody("pixkey_payout_pending_then_paid")).status,
            200);
  TestResponse pending = Pay(R"({"creator": "cus_creator"})", "pay-pending");
  ASSERT_EQ(pending.status, 202) << pending.body;
  EXPECT_EQ(pending.Text("state"), "processing");
  EXPECT_EQ(Earnings().Int("diamonds"), 0);
  EXPECT_EQ(Earnings().Int("diamonds_pending"), 2999);
  EXPECT_EQ(CountRows("outbox_events WHERE type LIKE 'payout.%'"), 0);

  // Too young for a look: a live request may still be waiting for it.
  EXPECT_EQ(Reconcile().examined, 0);
  clock_.Advance(std::chrono::minutes(2));
  ReconcileReport report = Reconcile();
  EXPECT_EQ(report.examined, 1);
  EXPECT_EQ(report.settled, 1);
  EXPECT_EQ(sandbox().payout_lookups(), 1);
  TestResponse read = Get("/v1/payouts/" + pending.Text("id"), kPayoutsKey);
  EXPECT_EQ(read.Text("state"), "paid");
  EXPECT_EQ(Earnings().Int("diamonds_paid"), 2999);
  EXPECT_EQ(CountRows("outbox_events WHERE type = 'payout.paid'"), 1);
  ExpectLedgerConsistent();
  clock_.Advance(std::chrono::hours(2));
  EXPECT_EQ(Reconcile().examined, 0);  // final: never looked at again
}

TEST_F(PayoutRoutesTest, ALostAnswerIsMaybePaidUntilTheProviderProvesNone) {
  ASSERT_EQ(Put("/v1/creators/cus_creator", CreatorBody("pixkey_payout_lost")).status, 200);
  TestResponse unknown = Pay(R"({"creator": "cus_creator"})", "pay-lost");
  ASSERT_EQ(unknown.status, 202) << unknown.body;
  EXPECT_EQ(unknown.Text("state"), "processing");
  EXPECT_EQ(Earnings().Int("diamonds"), 0);  // held: maybe paid
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_EQ(Reconcile().settled, 1);
  TestResponse read = Get("/v1/payouts/" + unknown.Text("id"), kPayoutsKey);
  EXPECT_EQ(read.Text("state"), "failed");
  EXPECT_EQ(read.Text("failure.code"), "not_found_at_provider");
  EXPECT_EQ(Earnings().Int("diamonds"), 2999);
  ExpectLedgerConsistent();
}

TEST_F(PayoutRoutesTest, APayoutStillPendingAfterADayNeedsAPerson) {
  ASSERT_EQ(Put("/v1/creators/cus_creator", CreatorBody("pixkey_payout_pending")).status, 200);
  TestResponse pending = Pay(R"({"creator": "cus_creator"})", "pay-stuck");
  ASSERT_EQ(pending.status, 202) << pending.body;
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_EQ(Reconcile().waiting, 1);
  clock_.Advance(std::chrono::hours(25));
  ReconcileReport report = Reconcile();
  EXPECT_EQ(report.escalated, 1);
  TestResponse read = Get("/v1/payouts/" + pending.Text("id"), kPayoutsKey);
  EXPECT_EQ(read.Text("state"), "needs_attention");
  EXPECT_EQ(Earnings().Int("diamonds_pending"), 2999);  // still held

  // Listed for ops with the provider calls, and counted by the gauge.
  TestResponse listed = GetAdmin("/admin/needs_attention");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const boost::json::array& payouts = listed.At("payouts").as_array();
  ASSERT_EQ(payouts.size(), 1u);
  EXPECT_EQ(payouts[0].at("payout").as_string(), pending.Text("id"));
  EXPECT_EQ(payouts[0].at("provider").as_string(), "pix");
  EXPECT_EQ(payouts[0].at("state").as_string(), "needs_attention");
  EXPECT_EQ(payouts[0].at("currency").as_string(), "BRL");
  EXPECT_FALSE(payouts[0].at("reason").as_string().empty());
  EXPECT_NE(metrics_->RenderText().find("mg_operations_needing_attention 1"), std::string::npos);
}

// BR paid in USD: a copy of the shipped markets whose BR payouts convert.
class FxPayoutTest : public PayoutRoutesTest {
 protected:
  void SetUp() override {
    copy_ = std::filesystem::temp_directory_path() /
            ("mg-fx-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(copy_);
    std::filesystem::copy(MG_SOURCE_DIR "/regions", copy_,
                          std::filesystem::copy_options::recursive);
    // BR.yaml ends with its payouts section.
    std::ofstream(copy_ / "markets/BR.yaml", std::ios::app) << "  currency: USD\n";
    regions_dir_ = copy_.string();
    PayoutRoutesTest::SetUp();
  }
  void TearDown() override {
    PayoutRoutesTest::TearDown();
    std::filesystem::remove_all(copy_);
  }
  std::string Rates(int64_t as_of, int max_age = 3600) const {
    return R"({"as_of": )" + std::to_string(as_of) + R"(, "max_age_seconds": )" +
           std::to_string(max_age) +
           R"(, "source": "test feed", "rates": [{"from": "BRL", "to": "USD", "rate": "0.75"}]})";
  }
  int64_t NowSeconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch())
        .count();
  }
  std::filesystem::path copy_;
};

TEST_F(FxPayoutTest, ConvertsAtTheTableInForceAndRefusesAStaleOne) {
  // No table yet: refused, nothing moved, and the same key works later.
  TestResponse none = Pay(R"({"creator": "cus_creator"})", "pay-fx");
  EXPECT_EQ(none.status, 409) << none.body;
  EXPECT_EQ(none.Text("error.code"), "fx_rate_stale");

  ASSERT_EQ(PutAdmin("/admin/fx-rates", Rates(NowSeconds() - 7200)).status, 200);
  TestResponse stale = Pay(R"({"creator": "cus_creator"})", "pay-fx");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.Text("error.code"), "fx_rate_stale");
  EXPECT_EQ(GetAdmin("/admin/fx-rates").At("stale").as_bool(), true);
  EXPECT_EQ(CountRows("payouts"), 0);
  EXPECT_EQ(Earnings().Int("diamonds"), 2999);

  ASSERT_EQ(PutAdmin("/admin/fx-rates", Rates(NowSeconds() - 60)).status, 200);
  TestResponse paid = Pay(R"({"creator": "cus_creator"})", "pay-fx");
  ASSERT_EQ(paid.status, 201) << paid.body;
  // BRL 74.98 * 0.75 = 56.235 -> USD 56.24 (half up), above BR's minimum of 50.00 (read in
  // the payout currency).
  EXPECT_EQ(paid.Text("currency"), "USD");
  EXPECT_EQ(paid.Int("gross.amount"), 5624);
  EXPECT_EQ(paid.Text("fx.rate"), "0.75");
  EXPECT_EQ(paid.Int("fx.as_of"), NowSeconds() - 60);
  ExpectLedgerConsistent();
}

TEST_F(FxPayoutTest, ABadRatesTableIsRefusedWithItsParameter) {
  TestResponse bad = PutAdmin(
      "/admin/fx-rates",
      R"({"as_of": 1, "max_age_seconds": 60, "source": "s", "rates": [{"from": "BRL", "to": "BRL", "rate": "1"}]})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.Text("error.param"), "rates[0]");
  TestResponse future = PutAdmin("/admin/fx-rates", Rates(NowSeconds() + 3600));
  EXPECT_EQ(future.status, 400) << future.body;
  EXPECT_EQ(future.Text("error.param"), "as_of");
  EXPECT_EQ(PutAdmin("/admin/fx-rates", Rates(NowSeconds()), kPayoutsKey).status, 403);
  EXPECT_EQ(GetAdmin("/admin/fx-rates").status, 404);
}

}  // namespace
}  // namespace mg::api::testing
