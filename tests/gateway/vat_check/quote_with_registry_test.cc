// The quote (compliance::BuildQuote) with the registry checker in its
// DecisionContext: the reverse charge follows the register, over the wire.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compliance/quote.h"
#include "registry_fixture.h"
#include "test_market.h"

namespace mg::vat_check::testing {
namespace {

using ::testing::HasSubstr;

class QuoteWithRegistryTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    snapshot_ = compliance::testing::SnapshotOf(
        {compliance::testing::BuildMarket(compliance::testing::GermanSpec())});
    context_.now = compliance::Timestamp(std::chrono::seconds(1'790'000'000));
  }

  // 500.00 of in-feed ads, booked by a business billed in DE (the market's
  // entity is in IE, so the reverse charge can apply).
  Result<compliance::Quote> Quote(const std::string& vat_id) {
    compliance::QuoteRequest request;
    request.kind = compliance::RequestKind::kAdBooking;
    request.market = "DE";
    request.customer.age = 40;
    request.ad = compliance::AdBooking{};
    request.ad->format = "in_feed";
    request.ad->budget = "500.00";
    request.ad->advertiser.business = compliance::BusinessParty{vat_id, "DE"};
    return compliance::BuildQuote(*snapshot_, request, context_);
  }

  std::shared_ptr<const regions::MarketSnapshot> snapshot_;
  compliance::DecisionContext context_;
};

TEST_F(QuoteWithRegistryTest, RegisteredIdGetsTheReverseCharge) {
  auto checker = Checker(Options());
  context_.vat_id_checker = checker.get();
  Result<compliance::Quote> quote = Quote(kRegisteredDe);
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_TRUE(quote->reverse_charge.applied);
  EXPECT_EQ(quote->tax.minor_units, 0);
  EXPECT_EQ(Counts().vies, 1);
}

TEST_F(QuoteWithRegistryTest, DeregisteredIdIsChargedVatWithTheReason) {
  // Offline (no checker), its check digits earn the reverse charge...
  Result<compliance::Quote> offline = Quote(kDeregisteredDe);
  ASSERT_TRUE(offline.ok()) << offline.status().ToString();
  EXPECT_TRUE(offline->reverse_charge.applied);
  // ...the register refuses it.
  auto checker = Checker(Options());
  context_.vat_id_checker = checker.get();
  Result<compliance::Quote> quote = Quote(kDeregisteredDe);
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_FALSE(quote->reverse_charge.applied);
  EXPECT_GT(quote->tax.minor_units, 0);
  EXPECT_THAT(::testing::PrintToString(quote->tax_notes),
              HasSubstr("not registered according to VIES"));
}

TEST_F(QuoteWithRegistryTest, RegistryDownChargesVatByDefault) {
  auto checker = Checker(Options());
  context_.vat_id_checker = checker.get();
  Result<compliance::Quote> quote = Quote(kViesDown);
  ASSERT_TRUE(quote.ok()) << quote.status().ToString();
  EXPECT_FALSE(quote->reverse_charge.applied);
  EXPECT_GT(quote->tax.minor_units, 0);
  EXPECT_THAT(::testing::PrintToString(quote->tax_notes), HasSubstr("MS_UNAVAILABLE"));
}

}  // namespace
}  // namespace mg::vat_check::testing
