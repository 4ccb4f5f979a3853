// Ad bookings.
#include "gateway/store/ids.h"
#include "rows.h"
#include "sql_store.h"

namespace mg::store {
namespace {

Status ValidateAdBooking(const AdBooking& b) {
  MG_RETURN_IF_ERROR(Require(!b.market.empty(), "market is empty", "market"));
  MG_RETURN_IF_ERROR(Require(!b.advertiser_json.empty(), "advertiser is empty", "advertiser"));
  MG_RETURN_IF_ERROR(Require(!b.format.empty(), "format is empty", "format"));
  MG_RETURN_IF_ERROR(Require(!b.quote_json.empty(), "quote is empty", "quote"));
  MG_RETURN_IF_ERROR(Require(b.flight_end_ms > b.flight_start_ms,
                             "the flight must end after it starts", "flight.end"));
  MG_RETURN_IF_ERROR(RequireCurrency(b.currency, "currency"));
  MG_RETURN_IF_ERROR(Require(b.subtotal_minor >= 0 && b.tax_minor >= 0 && b.total_minor >= 0,
                             "amounts must not be negative", "amount"));
  MG_RETURN_IF_ERROR(Require(b.payment_terms != PaymentTerms::kInvoice || b.due_at_ms.has_value(),
                             "invoice terms need a due date", "payment_terms.due_date"));
  return Status::Ok();
}

}  // namespace

Result<AdBooking> SqlStore::CreateAdBooking(const AdBooking& booking, const Effects& effects) {
  MG_RETURN_IF_ERROR(ValidateAdBooking(booking));
  AdBooking stored = booking;
  MG_ASSIGN_OR_RETURN(stored.id, IdOrNew(booking.id, kAdBookingIdPrefix));
  if (stored.updated_at_ms == 0) stored.updated_at_ms = stored.created_at_ms;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    Status inserted = InsertAdBooking(txn, stored);
    if (inserted.code() == ErrorCode::kConflict) {
      return Status(ErrorCode::kConflict, "ad booking " + stored.id + " already exists");
    }
    MG_RETURN_IF_ERROR(inserted);
    return ApplyEffects(txn, effects, stored.id, stored.created_at_ms);
  }));
  return stored;
}

Result<AdBooking> SqlStore::GetAdBooking(std::string_view id) {
  Result<std::optional<AdBooking>> found = std::optional<AdBooking>();
  MG_RETURN_IF_ERROR(db_->Read([&](SqlTransaction& txn) {
    found = QueryOptional(txn, Stmt::kAdBookingGet, {id}, &ReadAdBooking);
    return found.status();
  }));
  return Required(std::move(found), "ad booking", id);
}

Result<AdBooking> SqlStore::TransitionAdBooking(std::string_view id,
                                                const std::vector<AdBookingState>& from,
                                                AdBookingState to, const PaymentChanges& changes,
                                                const Effects& effects) {
  MG_RETURN_IF_ERROR(Require(!changes.captured_minor.has_value(),
                             "ad bookings have no captured amount", "captured"));
  AdBooking updated;
  MG_RETURN_IF_ERROR(db_->Write([&](SqlTransaction& txn) -> Status {
    MG_ASSIGN_OR_RETURN(
        updated,
        Required(QueryOptional(txn, Stmt::kAdBookingLock, {id}, &ReadAdBooking), "ad booking", id));
    MG_RETURN_IF_ERROR(CheckState("ad booking", id, updated.state, from));
    if (changes.provider) updated.provider = *changes.provider;
    if (changes.provider_reference) updated.provider_reference = *changes.provider_reference;
    updated.state = to;
    updated.updated_at_ms = changes.at_ms;
    MG_RETURN_IF_ERROR(txn.Exec(Stmt::kAdBookingUpdate, {Name(updated.state), updated.provider,
                                                         TextOrNull(updated.provider_reference),
                                                         updated.updated_at_ms, updated.id})
                           .status());
    return ApplyEffects(txn, effects, updated.id, changes.at_ms);
  }));
  return updated;
}

}  // namespace mg::store
