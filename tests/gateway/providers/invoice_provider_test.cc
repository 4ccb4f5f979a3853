#include "invoice/invoice_provider.h"

#include <gtest/gtest.h>

namespace mg::providers {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

TEST(InvoiceProviderTest, ReceivableDueAfterTerms) {
  ProviderConfig config;
  config.id = "invoice";
  config.kind = "invoice";
  config.settings["terms_days"] = "14";
  config.clock = [] {
    return sys_days(std::chrono::year_month_day(2026y, std::chrono::March, 20d)) + 15h;
  };
  auto provider = MakeInvoiceProvider(config);
  ASSERT_TRUE(provider.ok());
  AuthorizeRequest r{.purchase_id = "ad1", .amount = Money(100000, *CurrencyCode::Parse("JPY"))};
  r.payment_method = "invoice";
  r.idempotency_key = DeriveIdempotencyKey("ad1", 0, Operation::kAuthorize);
  auto result = (*provider)->Authorize(r);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->outcome, Outcome::kApproved);
  ASSERT_TRUE(result->receivable.has_value());
  EXPECT_EQ(result->receivable->booking_date,
            sys_days(std::chrono::year_month_day(2026y, std::chrono::March, 20d)));
  EXPECT_EQ(result->receivable->due_date,
            sys_days(std::chrono::year_month_day(2026y, std::chrono::April, 3d)));
  r.invoice_terms_days = 30;
  EXPECT_EQ((*provider)->Authorize(r)->receivable->due_date,
            sys_days(std::chrono::year_month_day(2026y, std::chrono::April, 19d)));
}

TEST(InvoiceProviderTest, RejectsBadTerms) {
  ProviderConfig config;
  config.id = "invoice";
  config.settings["terms_days"] = "thirty";
  EXPECT_FALSE(MakeInvoiceProvider(config).ok());
}

}  // namespace
}  // namespace mg::providers
