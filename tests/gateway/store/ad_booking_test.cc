#include "store_test_fixture.h"

namespace mg::store::testing {
namespace {

constexpr UnixMillis kT0 = 1'700'000'000'000;

MG_STORE_TEST_SUITE(AdBookingTest);

TEST_P(AdBookingTest, CreateAndGetKeepEveryField) {
  const AdBooking invoice = SampleAdBooking(kT0);
  Result<AdBooking> created = store_->CreateAdBooking(invoice, {});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->id.rfind("adb_", 0), 0u);
  Result<AdBooking> read = store_->GetAdBooking(created->id);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, *created);
  EXPECT_EQ(read->due_at_ms, invoice.due_at_ms);

  AdBooking card = SampleAdBooking(kT0);
  card.payment_terms = PaymentTerms::kCardPrepayment;
  card.due_at_ms.reset();
  card.tax_minor = 10'500;
  card.total_minor = 60'500;
  Result<AdBooking> prepaid = store_->CreateAdBooking(card, {});
  ASSERT_TRUE(prepaid.ok()) << prepaid.status().ToString();
  EXPECT_EQ(*store_->GetAdBooking(prepaid->id), *prepaid);
  EXPECT_FALSE(store_->GetAdBooking(prepaid->id)->due_at_ms.has_value());
  EXPECT_EQ(store_->GetAdBooking("adb_missing").status().code(), ErrorCode::kNotFound);
}

TEST_P(AdBookingTest, RejectsMalformedBookings) {
  AdBooking no_due_date = SampleAdBooking();
  no_due_date.due_at_ms.reset();
  AdBooking backwards = SampleAdBooking();
  backwards.flight_end_ms = backwards.flight_start_ms;
  AdBooking bad_currency = SampleAdBooking();
  bad_currency.currency = "eur";
  for (const AdBooking& bad : {no_due_date, backwards, bad_currency}) {
    EXPECT_EQ(store_->CreateAdBooking(bad, {}).status().code(), ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM ad_bookings"), 0);
}

TEST_P(AdBookingTest, TransitionIsACompareAndSet) {
  Result<AdBooking> created = store_->CreateAdBooking(SampleAdBooking(kT0), {});
  Result<AdBooking> invoiced = store_->TransitionAdBooking(
      created->id, {AdBookingState::kCreated}, AdBookingState::kInvoiced,
      PaymentChanges::At(kT0 + 1).set_provider_reference("inv_2026_001"),
      Effects::Emitting({"ad_booking.confirmed", "{}"}));
  ASSERT_TRUE(invoiced.ok()) << invoiced.status().ToString();
  EXPECT_EQ(invoiced->state, AdBookingState::kInvoiced);
  EXPECT_EQ(invoiced->provider_reference, "inv_2026_001");
  EXPECT_EQ(*store_->GetAdBooking(created->id), *invoiced);
  EXPECT_EQ(store_
                ->TransitionAdBooking(created->id, {AdBookingState::kCreated},
                                      AdBookingState::kCanceled, PaymentChanges::At(kT0 + 2), {})
                .status()
                .code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(
      store_
          ->TransitionAdBooking(created->id, {AdBookingState::kInvoiced}, AdBookingState::kPaid,
                                PaymentChanges::At(kT0 + 3).set_captured_minor(1), {})
          .status()
          .code(),
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->ClaimDueEvents(kT0 + 4, 10)->size(), 1u);
}

}  // namespace
}  // namespace mg::store::testing
