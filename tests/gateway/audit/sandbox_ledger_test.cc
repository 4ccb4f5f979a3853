#include "gateway/audit/sandbox_ledger.h"

#include <gtest/gtest.h>

namespace mg::audit {
namespace {

using providers::ListedCharge;
using providers::ListedRefund;

TEST(SandboxLedgerTest, ReadsChargesAndRefundsInTheProvidersWords) {
  Result<std::vector<ListedCharge>> charges = ParseSandboxLedger(R"({"charges": [
    {"id": "ch_1", "provider": "stripe", "reference": "pur_1", "amount": 1000,
     "currency": "EUR", "status": "succeeded", "captured": true, "voided": false,
     "created": 1700000000,
     "refunds": [{"id": "re_1", "amount": 400, "status": "succeeded"},
                 {"id": "re_2", "amount": 100, "status": "failed"},
                 {"id": "re_3", "amount": 50, "status": "pending"}]},
    {"id": "ch_2", "provider": "stripe", "reference": "pur_2", "amount": 1000,
     "currency": "EUR", "status": "succeeded", "captured": false, "voided": false},
    {"id": "8815", "provider": "adyen", "reference": "pur_3", "amount": 500,
     "currency": "EUR", "status": "Authorised", "captured": false, "voided": false},
    {"id": "8816", "provider": "adyen", "reference": "pur_4", "amount": 500,
     "currency": "EUR", "status": "Authorised", "captured": false, "voided": true},
    {"id": "tx1", "provider": "pix", "reference": "pur_5", "amount": 500,
     "currency": "BRL", "status": "ATIVA", "captured": false, "voided": false},
    {"id": "ch_6", "provider": "stripe", "reference": "pur_6", "amount": 1000,
     "currency": "EUR", "status": "failed", "captured": false, "voided": false}
  ], "technical_cancels": [], "limits": {}})");
  ASSERT_TRUE(charges.ok()) << charges.status().ToString();
  ASSERT_EQ(charges->size(), 6u);
  const ListedCharge& first = (*charges)[0];
  EXPECT_EQ(first.provider, "stripe");
  EXPECT_EQ(first.merchant_reference, "pur_1");
  EXPECT_EQ(first.amount_minor, 1000);
  EXPECT_EQ(first.created_unix, 1700000000);
  EXPECT_EQ(first.state, ListedCharge::State::kCaptured);
  ASSERT_EQ(first.refunds.size(), 3u);
  EXPECT_EQ(first.refunds[0].state, ListedRefund::State::kSucceeded);
  EXPECT_EQ(first.refunds[1].state, ListedRefund::State::kFailed);
  EXPECT_EQ(first.refunds[2].state, ListedRefund::State::kPending);
  EXPECT_EQ((*charges)[1].state, ListedCharge::State::kAuthorized);
  EXPECT_EQ((*charges)[2].state, ListedCharge::State::kCaptured);  // Adyen auto-capture
  EXPECT_EQ((*charges)[3].state, ListedCharge::State::kVoided);
  EXPECT_EQ((*charges)[4].state, ListedCharge::State::kPending);
  EXPECT_EQ((*charges)[4].merchant_reference, "");  // a Pix reference is the payer's message
  EXPECT_EQ((*charges)[5].state, ListedCharge::State::kFailed);
}

TEST(SandboxLedgerTest, SomethingElseIsRefused) {
  EXPECT_EQ(ParseSandboxLedger("[]").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseSandboxLedger("not json").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseSandboxLedger(R"({"charges": [1]})").status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace mg::audit
