#include "sandbox/sandbox_provider.h"

#include <gtest/gtest.h>

#include "sandbox/sandbox_tokens.h"
#include "sandbox_token_expectations.h"

namespace mg::providers {
namespace {

AuthorizeRequest Request(const std::string& purchase, const std::string& token, int attempt = 0) {
  AuthorizeRequest r{.purchase_id = purchase, .amount = Money(500, *CurrencyCode::Parse("USD"))};
  r.payment_method = "card";
  r.payment_token = token;
  r.idempotency_key = DeriveIdempotencyKey(purchase, attempt, Operation::kAuthorize);
  return r;
}

TEST(SandboxProviderTest, OutcomeByToken) {
  SandboxProvider sandbox("sandbox", "https://sbx.invalid");
  for (const testing::TokenExpectation& c : testing::kCardTokenExpectations) {
    auto r = sandbox.Authorize(Request(std::string("p_") + c.token, c.token));
    ASSERT_TRUE(r.ok()) << c.token;
    EXPECT_EQ(r->outcome, c.outcome) << c.token;
    EXPECT_EQ(r->decline_reason, c.reason) << c.token;
    EXPECT_EQ(r->ambiguous, c.ambiguous) << c.token;
  }
  // A token it does not know is a fatal error, never a charge.
  auto unknown = sandbox.Authorize(Request("p_tok_unknown", "tok_unknown"));
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->outcome, Outcome::kFatalError);
  EXPECT_EQ(SandboxTokens().size(), 25u);
}

TEST(SandboxProviderTest, SameKeySameChargeAndLifecycle) {
  SandboxProvider sandbox("sandbox", "https://sbx.invalid");
  auto first = sandbox.Authorize(Request("p1", "tok_success"));
  auto again = sandbox.Authorize(Request("p1", "tok_success"));
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->provider_reference, again->provider_reference);
  auto other = sandbox.Authorize(Request("p1", "tok_success", 1));
  EXPECT_NE(other->provider_reference, first->provider_reference);

  CaptureRequest capture{"p1", first->provider_reference, Money(500, *CurrencyCode::Parse("USD")),
                         DeriveIdempotencyKey("p1", 0, Operation::kCapture)};
  EXPECT_EQ(sandbox.Capture(capture)->outcome, Outcome::kApproved);
  EXPECT_EQ(sandbox.Capture(capture)->outcome, Outcome::kApproved);  // replay
  RefundRequest refund{"p1", first->provider_reference, Money(500, *CurrencyCode::Parse("USD")),
                       "requested_by_customer", DeriveIdempotencyKey("p1", 0, Operation::kRefund)};
  auto refunded = sandbox.Refund(refund);
  EXPECT_EQ(refunded->outcome, Outcome::kApproved);
  EXPECT_EQ(refunded->provider_status, "refunded");
  VoidRequest void_missing{"p9", "sbx_404", DeriveIdempotencyKey("p9", 0, Operation::kVoid)};
  EXPECT_EQ(sandbox.Void(void_missing)->outcome, Outcome::kFatalError);
}

TEST(SandboxProviderTest, StatusResolvesAmbiguousTimeout) {
  SandboxProvider sandbox("sandbox", "https://sbx.invalid");
  auto lost = sandbox.Authorize(Request("p2", "tok_timeout"));
  ASSERT_TRUE(lost->ambiguous);
  StatusRequest status{.purchase_id = "p2"};
  EXPECT_EQ(sandbox.GetStatus(status)->outcome, Outcome::kApproved);
  StatusRequest never{.purchase_id = "p3"};
  EXPECT_EQ(sandbox.GetStatus(never)->outcome, Outcome::kNotFound);
  // A 500 leaves nothing behind: Status proves it.
  (void)sandbox.Authorize(Request("p4", "tok_error_500"));
  EXPECT_EQ(sandbox.GetStatus(StatusRequest{.purchase_id = "p4"})->outcome, Outcome::kNotFound);
}

TEST(SandboxProviderTest, ItsLedgerIsBoundedAndForgetsTheOldestFirst) {
  SandboxProvider sandbox("sandbox", "https://sbx.invalid", /*max_entries=*/3);
  std::vector<std::string> references;
  for (int i = 0; i < 5; ++i) {
    auto r = sandbox.Authorize(Request("p" + std::to_string(i), "tok_success"));
    ASSERT_TRUE(r.ok());
    references.push_back(r->provider_reference);
  }
  auto status_of = [&](int i) {
    return sandbox.GetStatus({"p" + std::to_string(i), references[i]})->outcome;
  };
  EXPECT_EQ(status_of(0), Outcome::kNotFound);  // forgotten
  EXPECT_EQ(status_of(1), Outcome::kNotFound);
  EXPECT_EQ(status_of(4), Outcome::kApproved);
  // A forgotten key is a new request: a new charge, not the first answer.
  auto again = sandbox.Authorize(Request("p0", "tok_success"));
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->provider_reference, references[0]);
  // The newest key still replays.
  EXPECT_EQ(sandbox.Authorize(Request("p4", "tok_success"))->provider_reference, references[4]);
}

}  // namespace
}  // namespace mg::providers
