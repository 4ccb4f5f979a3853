#include "rows.h"

#include <string>

namespace mg::store {
namespace {

// Decoding an enum column: a name the code does not know means the row was
// written by something else (or a newer binary); that is corruption here.
template <typename Enum>
Result<Enum> Corrupt(Result<Enum> parsed, std::string_view table) {
  if (parsed.ok()) return parsed;
  return Status(ErrorCode::kInternal,
                "corrupt " + std::string(table) + " row: " + parsed.status().message());
}

std::string Str(const SqlRow& row, int column) { return std::string(row.Text(column)); }

std::optional<int64_t> OptionalInt(const SqlRow& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column);
}

}  // namespace

const std::string_view kPurchaseColumns =
    "id, market, customer_id, items_json, quote_json, currency, subtotal_minor, tax_minor, "
    "total_minor, coins, payment_method, provider, state, provider_reference, captured_minor, "
    "refunded_minor, created_at_ms, updated_at_ms, sca_regime, owner, authentication, "
    "next_action_json, customer_age";
const std::string_view kPurchaseColumnsBeforeAuthentication =
    "id, market, customer_id, items_json, quote_json, currency, subtotal_minor, tax_minor, "
    "total_minor, coins, payment_method, provider, state, provider_reference, captured_minor, "
    "refunded_minor, created_at_ms, updated_at_ms, sca_regime, owner, '', '', NULL";

Result<Purchase> ReadPurchase(const SqlRow& row) {
  Purchase p;
  p.id = Str(row, 0);
  p.market = Str(row, 1);
  p.customer_id = Str(row, 2);
  p.items_json = Str(row, 3);
  p.quote_json = Str(row, 4);
  p.currency = Str(row, 5);
  p.subtotal_minor = row.Int(6);
  p.tax_minor = row.Int(7);
  p.total_minor = row.Int(8);
  p.coins = row.Int(9);
  p.payment_method = Str(row, 10);
  p.provider = Str(row, 11);
  MG_ASSIGN_OR_RETURN(p.state, Corrupt(ParsePurchaseState(row.Text(12)), "purchases"));
  p.provider_reference = Str(row, 13);
  p.captured_minor = row.Int(14);
  p.refunded_minor = row.Int(15);
  p.created_at_ms = row.Int(16);
  p.updated_at_ms = row.Int(17);
  p.sca_regime = Str(row, 18);
  p.owner = Str(row, 19);
  p.authentication = Str(row, 20);
  p.next_action_json = Str(row, 21);
  p.customer_age = OptionalInt(row, 22);
  return p;
}

Status InsertPurchase(SqlTransaction& txn, const Purchase& p) {
  return txn
      .Exec(Stmt::kPurchaseInsert, {p.id,
                                    p.market,
                                    p.customer_id,
                                    p.items_json,
                                    p.quote_json,
                                    p.currency,
                                    p.subtotal_minor,
                                    p.tax_minor,
                                    p.total_minor,
                                    p.coins,
                                    p.payment_method,
                                    p.provider,
                                    Name(p.state),
                                    TextOrNull(p.provider_reference),
                                    p.captured_minor,
                                    p.refunded_minor,
                                    p.created_at_ms,
                                    p.updated_at_ms,
                                    p.sca_regime,
                                    p.owner,
                                    p.authentication,
                                    p.next_action_json,
                                    OptionalParam(p.customer_age)})
      .status();
}

const std::string_view kAttemptColumns =
    "id, purchase_id, seq, provider, operation, amount_minor, idempotency_key, state, "
    "provider_reference, provider_code, started_at_ms, finished_at_ms, key_attempt, "
    "next_check_at_ms, checks, last_check, needs_attention_since_ms, target_reference";

Result<ProviderAttempt> ReadAttempt(const SqlRow& row) {
  ProviderAttempt a;
  a.id = Str(row, 0);
  a.purchase_id = Str(row, 1);
  a.seq = row.Int(2);
  a.provider = Str(row, 3);
  MG_ASSIGN_OR_RETURN(a.operation,
                      Corrupt(ParseAttemptOperation(row.Text(4)), "provider_attempts"));
  a.amount_minor = row.Int(5);
  a.idempotency_key = Str(row, 6);
  MG_ASSIGN_OR_RETURN(a.state, Corrupt(ParseAttemptState(row.Text(7)), "provider_attempts"));
  a.provider_reference = Str(row, 8);
  a.provider_code = Str(row, 9);
  a.started_at_ms = row.Int(10);
  a.finished_at_ms = OptionalInt(row, 11);
  a.key_attempt = row.Int(12);
  a.next_check_at_ms = row.Int(13);
  a.checks = row.Int(14);
  a.last_check = Str(row, 15);
  a.needs_attention_since_ms = OptionalInt(row, 16);
  a.target_reference = Str(row, 17);
  return a;
}

Status InsertAttempt(SqlTransaction& txn, const ProviderAttempt& a) {
  return txn
      .Exec(Stmt::kAttemptInsert,
            {a.id, a.purchase_id, a.seq, a.provider, Name(a.operation), a.amount_minor,
             a.idempotency_key, Name(a.state), TextOrNull(a.provider_reference),
             TextOrNull(a.provider_code), a.started_at_ms, OptionalParam(a.finished_at_ms),
             a.key_attempt, a.next_check_at_ms, a.checks, a.last_check,
             OptionalParam(a.needs_attention_since_ms), a.target_reference})
      .status();
}

const std::string_view kAdBookingColumns =
    "id, market, advertiser_json, format, flight_start_ms, flight_end_ms, currency, "
    "subtotal_minor, tax_minor, total_minor, payment_terms, due_at_ms, state, quote_json, "
    "provider, provider_reference, created_at_ms, updated_at_ms, owner";

Result<AdBooking> ReadAdBooking(const SqlRow& row) {
  AdBooking b;
  b.id = Str(row, 0);
  b.market = Str(row, 1);
  b.advertiser_json = Str(row, 2);
  b.format = Str(row, 3);
  b.flight_start_ms = row.Int(4);
  b.flight_end_ms = row.Int(5);
  b.currency = Str(row, 6);
  b.subtotal_minor = row.Int(7);
  b.tax_minor = row.Int(8);
  b.total_minor = row.Int(9);
  MG_ASSIGN_OR_RETURN(b.payment_terms, Corrupt(ParsePaymentTerms(row.Text(10)), "ad_bookings"));
  b.due_at_ms = OptionalInt(row, 11);
  MG_ASSIGN_OR_RETURN(b.state, Corrupt(ParseAdBookingState(row.Text(12)), "ad_bookings"));
  b.quote_json = Str(row, 13);
  b.provider = Str(row, 14);
  b.provider_reference = Str(row, 15);
  b.created_at_ms = row.Int(16);
  b.updated_at_ms = row.Int(17);
  b.owner = Str(row, 18);
  return b;
}

Status InsertAdBooking(SqlTransaction& txn, const AdBooking& b) {
  return txn
      .Exec(Stmt::kAdBookingInsert,
            {b.id, b.market, b.advertiser_json, b.format, b.flight_start_ms, b.flight_end_ms,
             b.currency, b.subtotal_minor, b.tax_minor, b.total_minor, Name(b.payment_terms),
             OptionalParam(b.due_at_ms), Name(b.state), b.quote_json, b.provider,
             TextOrNull(b.provider_reference), b.created_at_ms, b.updated_at_ms, b.owner})
      .status();
}

const std::string_view kRefundColumns =
    "id, purchase_id, currency, amount_minor, tax_minor, state, reason, provider_reference, "
    "created_at_ms, updated_at_ms, after_gifts";

Result<Refund> ReadRefund(const SqlRow& row) {
  Refund r;
  r.id = Str(row, 0);
  r.purchase_id = Str(row, 1);
  r.currency = Str(row, 2);
  r.amount_minor = row.Int(3);
  r.tax_minor = row.Int(4);
  MG_ASSIGN_OR_RETURN(r.state, Corrupt(ParseRefundState(row.Text(5)), "refunds"));
  r.reason = Str(row, 6);
  r.provider_reference = Str(row, 7);
  r.created_at_ms = row.Int(8);
  r.updated_at_ms = row.Int(9);
  MG_ASSIGN_OR_RETURN(r.after_gifts, Corrupt(ParseRefundAfterGifts(row.Text(10)), "refunds"));
  return r;
}

Status InsertRefund(SqlTransaction& txn, const Refund& r) {
  return txn
      .Exec(Stmt::kRefundInsert, {r.id, r.purchase_id, r.currency, r.amount_minor, r.tax_minor,
                                  Name(r.state), r.reason, TextOrNull(r.provider_reference),
                                  r.created_at_ms, r.updated_at_ms, Name(r.after_gifts)})
      .status();
}

const std::string_view kEventColumns =
    "id, type, payload_json, attempts, created_at_ms, next_attempt_at_ms, last_error";

OutboxEvent ReadEvent(const SqlRow& row) {
  OutboxEvent e;
  e.id = Str(row, 0);
  e.type = Str(row, 1);
  e.payload_json = Str(row, 2);
  e.attempts = row.Int(3);
  e.created_at_ms = row.Int(4);
  e.next_attempt_at_ms = row.Int(5);
  e.last_error = Str(row, 6);
  return e;
}

const std::string_view kCreatorColumns =
    "owner, id, market, age, standing, payout_method, payout_token, tax_identity_json, "
    "created_at_ms, updated_at_ms";

Result<Creator> ReadCreator(const SqlRow& row) {
  Creator c;
  c.owner = Str(row, 0);
  c.id = Str(row, 1);
  c.market = Str(row, 2);
  c.age = static_cast<int>(row.Int(3));
  MG_ASSIGN_OR_RETURN(c.standing, Corrupt(ParseCreatorStanding(row.Text(4)), "creators"));
  c.payout_method = Str(row, 5);
  c.payout_token = Str(row, 6);
  c.tax_identity_json = Str(row, 7);
  c.created_at_ms = row.Int(8);
  c.updated_at_ms = row.Int(9);
  return c;
}

Status InsertCreator(SqlTransaction& txn, const Creator& c) {
  return txn
      .Exec(Stmt::kCreatorInsert,
            {c.owner, c.id, c.market, int64_t{c.age}, Name(c.standing), TextOrNull(c.payout_method),
             TextOrNull(c.payout_token), c.tax_identity_json, c.created_at_ms, c.updated_at_ms})
      .status();
}

const std::string_view kGiftColumns =
    "id, owner, market, sender_id, creator_id, creator_market, live_id, gift, quantity, coins, "
    "diamonds, created_at_ms";

Result<GiftRecord> ReadGift(const SqlRow& row) {
  GiftRecord g;
  g.id = Str(row, 0);
  g.owner = Str(row, 1);
  g.market = Str(row, 2);
  g.sender_id = Str(row, 3);
  g.creator_id = Str(row, 4);
  g.creator_market = Str(row, 5);
  g.live_id = Str(row, 6);
  g.gift = Str(row, 7);
  g.quantity = row.Int(8);
  g.coins = row.Int(9);
  g.diamonds = row.Int(10);
  g.created_at_ms = row.Int(11);
  return g;
}

Status InsertGift(SqlTransaction& txn, const GiftRecord& g) {
  return txn
      .Exec(Stmt::kGiftInsert,
            {g.id, g.owner, g.market, g.sender_id, g.creator_id, g.creator_market, g.live_id,
             g.gift, g.quantity, g.coins, g.diamonds, g.created_at_ms})
      .status();
}

const std::string_view kPayoutColumns =
    "id, owner, creator_id, market, diamonds, currency, gross_minor, withheld_minor, net_minor, "
    "fx_rate, fx_as_of_ms, method, provider, destination, state, provider_reference, "
    "failure_code, failure_message, checks, next_check_at_ms, created_at_ms, updated_at_ms, "
    "seller_id";

Result<PayoutRecord> ReadPayout(const SqlRow& row) {
  PayoutRecord p;
  p.id = Str(row, 0);
  p.owner = Str(row, 1);
  p.creator_id = Str(row, 2);
  p.market = Str(row, 3);
  p.diamonds = row.Int(4);
  p.currency = Str(row, 5);
  p.gross_minor = row.Int(6);
  p.withheld_minor = row.Int(7);
  p.net_minor = row.Int(8);
  p.fx_rate = Str(row, 9);
  p.fx_as_of_ms = row.Int(10);
  p.method = Str(row, 11);
  p.provider = Str(row, 12);
  p.destination = Str(row, 13);
  MG_ASSIGN_OR_RETURN(p.state, Corrupt(ParsePayoutState(row.Text(14)), "payouts"));
  p.provider_reference = Str(row, 15);
  p.failure_code = Str(row, 16);
  p.failure_message = Str(row, 17);
  p.checks = row.Int(18);
  p.next_check_at_ms = row.Int(19);
  p.created_at_ms = row.Int(20);
  p.updated_at_ms = row.Int(21);
  p.seller_id = Str(row, 22);
  return p;
}

Status InsertPayout(SqlTransaction& txn, const PayoutRecord& p) {
  return txn
      .Exec(Stmt::kPayoutInsert, {p.id,
                                  p.owner,
                                  p.creator_id,
                                  p.market,
                                  p.diamonds,
                                  p.currency,
                                  p.gross_minor,
                                  p.withheld_minor,
                                  p.net_minor,
                                  TextOrNull(p.fx_rate),
                                  p.fx_as_of_ms,
                                  p.method,
                                  p.provider,
                                  p.destination,
                                  Name(p.state),
                                  TextOrNull(p.provider_reference),
                                  TextOrNull(p.failure_code),
                                  TextOrNull(p.failure_message),
                                  p.checks,
                                  p.next_check_at_ms,
                                  p.created_at_ms,
                                  p.updated_at_ms,
                                  p.seller_id})
      .status();
}

Result<FxRatesRecord> ReadFxRates(const SqlRow& row) {
  FxRatesRecord r;
  r.as_of_ms = row.Int(0);
  r.max_age_ms = row.Int(1);
  r.source = Str(row, 2);
  r.rates_json = Str(row, 3);
  r.loaded_at_ms = row.Int(4);
  return r;
}

}  // namespace mg::store
