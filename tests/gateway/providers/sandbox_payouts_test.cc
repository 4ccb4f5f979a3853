// The Stripe, Adyen and Pix adapters' payouts against marketgate-sandbox over
// real HTTP on loopback: each documented destination token end to end, and
// a payout whose answer was lost found again without its reference.
#include <gtest/gtest.h>

#include "gateway/providers/provider_registry.h"
#include "gateway/sandbox/sandbox_server.h"
#include "pix/pix_envio.h"

namespace mg::providers {
namespace {

using namespace std::chrono_literals;

Money M(int64_t minor, const char* c) { return Money(minor, *CurrencyCode::Parse(c)); }

class SandboxPayoutsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox::SandboxOptions options;
    options.emulator.timeout_delay = 1500ms;
    auto server = sandbox::SandboxServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }

  const PaymentProvider& Provider(const std::string& kind) {
    ProviderConfig c;
    c.id = kind;
    c.kind = kind;
    c.base_url = server_->base_url() + "/" + kind;
    c.api_key = Secret(kind == "pix" ? "sandbox-pix-token" : "sk_test_sandbox");
    if (kind == "pix") {
      c.settings["pix_key"] = "7d9f0335-8dcc-4054-9bf9-0dbd61d36906";
      c.settings["payout_base_url"] = c.base_url;  // the sandbox serves both on /pix
    }
    if (kind == "adyen") {
      c.settings["merchant_account"] = "MarketgateSandbox";
      c.settings["transfers_base_url"] = server_->base_url() + "/adyen/btl/v4";
      c.settings["balance_account_id"] = "BA32272223222B5LPRFDW7J9G";
    }
    c.http.read_timeout = 700ms;
    auto set = ProviderRegistry::WithBuiltins().Build({c});
    EXPECT_TRUE(set.ok()) << set.status().ToString();
    sets_.push_back(*set);
    return *sets_.back()->Find(kind);
  }

  static PayoutRequest Request(const std::string& payout_id, const std::string& destination) {
    PayoutRequest r{.payout_id = payout_id, .amount = M(2500, "EUR")};
    r.destination = destination;
    r.description = "Creator earnings";
    r.idempotency_key = DerivePayoutIdempotencyKey(payout_id, 0);
    return r;
  }
  static PayoutRequest PixRequest(const std::string& payout_id, const std::string& key) {
    PayoutRequest r = Request(payout_id, key);
    r.amount = M(2500, "BRL");
    return r;
  }
  static PayoutStatusRequest Lookup(const PayoutRequest& r, std::string reference) {
    return PayoutStatusRequest{.payout_id = r.payout_id,
                               .provider_reference = std::move(reference),
                               .destination = r.destination,
                               .idempotency_key = r.idempotency_key,
                               .amount = r.amount};
  }

  std::unique_ptr<sandbox::SandboxServer> server_;
  std::vector<std::shared_ptr<const ProviderSet>> sets_;
};

TEST_F(SandboxPayoutsTest, StripeTokensEndToEnd) {
  const PaymentProvider& stripe = Provider("stripe");
  PayoutRequest ok = Request("pyt_s_ok", "acct_sandbox_ok");
  auto paid = stripe.Payout(ok);
  ASSERT_TRUE(paid.ok()) << paid.status().ToString();
  EXPECT_EQ(paid->outcome, Outcome::kApproved) << paid->message;
  EXPECT_EQ(paid->provider_reference.rfind("po_sbx_", 0), 0u);
  EXPECT_EQ(stripe.GetPayoutStatus(Lookup(ok, paid->provider_reference))->outcome,
            Outcome::kApproved);
  // The same call again (a retry with the same key) is the same payout.
  EXPECT_EQ(stripe.Payout(ok)->provider_reference, paid->provider_reference);

  auto failed = stripe.Payout(Request("pyt_s_fail", "acct_sandbox_payout_fails"));
  EXPECT_EQ(failed->outcome, Outcome::kDeclined);
  EXPECT_EQ(failed->provider_code, "account_closed");
  EXPECT_EQ(stripe.Payout(Request("pyt_s_slow", "acct_sandbox_payout_pending"))->outcome,
            Outcome::kPending);
  EXPECT_EQ(stripe.Payout(Request("pyt_s_ref", "acct_sandbox_transfer_refused"))->outcome,
            Outcome::kFatalError);
  EXPECT_EQ(stripe.GetPayoutStatus(Lookup(Request("pyt_s_never", "acct_sandbox_ok"), ""))->outcome,
            Outcome::kNotFound);
}

TEST_F(SandboxPayoutsTest, StripeLostAnswerIsFoundByOurId) {
  const PaymentProvider& stripe = Provider("stripe");
  PayoutRequest late = Request("pyt_s_late", "acct_sandbox_payout_timeout");
  auto lost = stripe.Payout(late);
  EXPECT_EQ(lost->outcome, Outcome::kPending);
  EXPECT_TRUE(lost->ambiguous);
  auto found = stripe.GetPayoutStatus(Lookup(late, ""));
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->outcome, Outcome::kApproved) << found->message;
  EXPECT_EQ(found->provider_reference.rfind("po_sbx_", 0), 0u);
}

TEST_F(SandboxPayoutsTest, AdyenTokensEndToEnd) {
  const PaymentProvider& adyen = Provider("adyen");
  PayoutRequest ok = Request("pyt_a_ok", "TI_sandbox_ok");
  auto received = adyen.Payout(ok);
  ASSERT_TRUE(received.ok()) << received.status().ToString();
  EXPECT_EQ(received->outcome, Outcome::kPending);
  EXPECT_EQ(received->provider_status, "received");
  EXPECT_EQ(adyen.GetPayoutStatus(Lookup(ok, received->provider_reference))->outcome,
            Outcome::kApproved);
  PayoutRequest back = Request("pyt_a_ret", "TI_sandbox_returned");
  auto returned = adyen.GetPayoutStatus(Lookup(back, adyen.Payout(back)->provider_reference));
  EXPECT_EQ(returned->outcome, Outcome::kDeclined);
  EXPECT_EQ(returned->provider_code, "counterpartyAccountClosed");
  auto refused = adyen.Payout(Request("pyt_a_ref", "TI_sandbox_refused"));
  EXPECT_EQ(refused->outcome, Outcome::kDeclined);
  EXPECT_EQ(refused->provider_code, "notEnoughBalance");
  auto unknown = adyen.Payout(Request("pyt_a_unk", "TI_unknown"));
  EXPECT_EQ(unknown->outcome, Outcome::kFatalError);
  PayoutRequest late = Request("pyt_a_late", "TI_sandbox_timeout");
  auto lost = adyen.Payout(late);
  EXPECT_TRUE(lost->ambiguous);
  // No lookup by reference at Adyen: still ambiguous, never "not found".
  auto blind = adyen.GetPayoutStatus(Lookup(late, ""));
  EXPECT_EQ(blind->outcome, Outcome::kPending);
  EXPECT_TRUE(blind->ambiguous);
  // The same key again gets the first answer (the sandbox stored it).
  EXPECT_EQ(adyen.Payout(late)->provider_status, "received");
}

TEST_F(SandboxPayoutsTest, PixKeysEndToEnd) {
  const PaymentProvider& pix = Provider("pix");
  PayoutRequest ok = PixRequest("pyt_p_ok", "123e4567-e89b-12d3-a456-426614174000");
  auto sent = pix.Payout(ok);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->outcome, Outcome::kPending) << sent->message;
  EXPECT_EQ(sent->provider_status, "EM_PROCESSAMENTO");
  EXPECT_TRUE(pix::LooksLikeEndToEndId(sent->provider_reference)) << sent->provider_reference;
  auto paid = pix.GetPayoutStatus(Lookup(ok, sent->provider_reference));
  EXPECT_EQ(paid->outcome, Outcome::kApproved) << paid->message;
  // The same call again (a retry with the same key) is the same envio.
  EXPECT_EQ(pix.Payout(ok)->provider_reference, sent->provider_reference);
  // The same key with another amount: the idEnvio is taken by another body.
  PayoutRequest other = ok;
  other.amount = M(999, "BRL");
  EXPECT_EQ(pix.Payout(other)->outcome, Outcome::kFatalError);

  PayoutRequest fails = PixRequest("pyt_p_fail", "pix_sandbox_fails");
  EXPECT_EQ(pix.Payout(fails)->outcome, Outcome::kPending);
  auto failed = pix.GetPayoutStatus(Lookup(fails, ""));
  EXPECT_EQ(failed->outcome, Outcome::kDeclined);
  EXPECT_EQ(failed->provider_code, "NAO_REALIZADO");
  EXPECT_FALSE(failed->message.empty());
  auto denied = pix.Payout(PixRequest("pyt_p_denied", "pix_sandbox_denied"));
  EXPECT_EQ(denied->outcome, Outcome::kDeclined);
  EXPECT_EQ(denied->provider_code, "pagamento_negado");
  EXPECT_EQ(pix.GetPayoutStatus(Lookup(PixRequest("pyt_p_never", "pix_sandbox_ok"), ""))->outcome,
            Outcome::kNotFound);
}

TEST_F(SandboxPayoutsTest, PixLostAnswerIsFoundByOurIdEnvio) {
  const PaymentProvider& pix = Provider("pix");
  PayoutRequest late = PixRequest("pyt_p_late", "pix_sandbox_timeout");
  auto lost = pix.Payout(late);
  EXPECT_EQ(lost->outcome, Outcome::kPending);
  EXPECT_TRUE(lost->ambiguous);
  EXPECT_EQ(lost->provider_reference, pix::IdEnvioFor(late.idempotency_key));
  auto found = pix.GetPayoutStatus(Lookup(late, ""));
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->outcome, Outcome::kApproved) << found->message;
  EXPECT_TRUE(pix::LooksLikeEndToEndId(found->provider_reference));
  // A retry with the same key gets the stored answer at once.
  auto again = pix.Payout(late);
  EXPECT_FALSE(again->ambiguous);
  EXPECT_EQ(again->provider_reference, found->provider_reference);
}

}  // namespace
}  // namespace mg::providers
