#include "money_page.h"

#include "base/utc_time.h"
#include "currency/decimal.h"
#include "gateway/store/ids.h"
#include "html.h"

namespace mg::console {
namespace {

constexpr int kAttentionLimit = 100;

std::string When(store::UnixMillis ms) {
  return FormatIsoUtc(std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
}

// "12.34 USD"; the bare number when the currency is not one (a corrupt row).
std::string Amount(int64_t minor, std::string_view currency) {
  Result<CurrencyCode> code = CurrencyCode::Parse(currency);
  if (!code.ok()) return std::to_string(minor) + " " + std::string(currency);
  return FormatPlain(Money(minor, *code)) + " " + std::string(currency);
}

std::string Link(std::string_view id) {
  return "<a href=\"/console/money?id=" + Escape(id) + "\">" + Escape(id) + "</a>";
}

// A table of label -> HTML value.
std::string Fields(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string html = "<table class=\"record\"><tbody>";
  for (const auto& [label, value] : rows) {
    html += "<tr><th>" + Escape(label) + "</th><td>" + value + "</td></tr>";
  }
  return html + "</tbody></table>";
}

Result<std::string> AttemptsSection(store::Store& store, std::string_view id,
                                    std::string_view currency) {
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts, store.ListAttempts(id));
  std::string rows;
  for (const store::ProviderAttempt& a : attempts) {
    rows += "<tr><td class=\"num\">" + std::to_string(a.seq) + "</td><td>" +
            Escape(store::Name(a.operation)) + "</td><td>" + Escape(a.provider) +
            "</td><td class=\"num\">" + Escape(Amount(a.amount_minor, currency)) + "</td><td>" +
            Escape(store::Name(a.state)) +
            (a.needs_attention_since_ms ? " (needs attention)" : "") + "</td><td>" +
            Escape(a.provider_code) + "</td><td>" + When(a.started_at_ms) + "</td><td>" +
            (a.finished_at_ms ? When(*a.finished_at_ms) : "") + "</td><td>" +
            std::to_string(a.checks) + " " + Escape(a.last_check) + "</td></tr>";
  }
  if (rows.empty()) return std::string("<h2>Provider calls</h2><p>None.</p>");
  return "<h2>Provider calls</h2><table class=\"attempts\"><thead><tr><th>#</th><th>Call</th>"
         "<th>Provider</th><th>Amount</th><th>State</th><th>Provider code</th><th>Started</th>"
         "<th>Finished</th><th>Checks</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

Result<std::string> JournalsSection(store::Store& store, std::string_view reference) {
  MG_ASSIGN_OR_RETURN(std::vector<store::Journal> journals, store.ListJournals(reference));
  std::string rows;
  for (const store::Journal& journal : journals) {
    for (const store::LedgerEntry& entry : journal.entries) {
      rows += "<tr><td>" + Escape(store::Name(journal.kind)) + "</td><td>" +
              When(journal.created_at_ms) + "</td><td>" + Escape(entry.account) +
              "</td><td class=\"num\">" + Escape(Amount(entry.amount, entry.unit)) + "</td></tr>";
    }
  }
  if (rows.empty()) return std::string("<h2>Ledger</h2><p>No journal posted.</p>");
  return "<h2>Ledger</h2><table class=\"journals\"><thead><tr><th>Journal</th><th>Posted</th>"
         "<th>Account</th><th>Amount</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

Result<std::string> PurchaseHtml(store::Store& store, const store::Purchase& p) {
  MG_ASSIGN_OR_RETURN(std::optional<store::OrderSplit> split, store.GetOrderSplit(p.id));
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Kind", split ? "order (goods from a seller)" : "purchase"},
      {"Market", Escape(p.market)},
      {"State", "<strong>" + Escape(store::Name(p.state)) + "</strong>"},
      {"Total", Escape(Amount(p.total_minor, p.currency)) + " (tax " +
                    Escape(Amount(p.tax_minor, p.currency)) + ")"},
      {"Captured", Escape(Amount(p.captured_minor, p.currency))},
      {"Refunded", Escape(Amount(p.refunded_minor, p.currency))},
      {"Payment",
       Escape(p.payment_method) + " by " + Escape(p.provider) + " " + Escape(p.provider_reference)},
      {"Customer", Escape(p.customer_id)},
      {"Account", Escape(p.owner)},
      {"Created", When(p.created_at_ms)},
      {"Updated", When(p.updated_at_ms)}};
  if (split) {
    rows.push_back({"Seller", Escape(split->seller_id) + ": " +
                                  Escape(Amount(split->seller_payable_minor, p.currency))});
    rows.push_back({"Delivered", split->delivered_at_ms ? When(*split->delivered_at_ms) : "no"});
  }
  MG_ASSIGN_OR_RETURN(std::vector<store::Refund> refunds, store.ListRefunds(p.id));
  std::string refund_links;
  for (const store::Refund& refund : refunds) {
    refund_links += (refund_links.empty() ? "" : ", ") + Link(refund.id) + " " +
                    Escape(store::Name(refund.state));
  }
  if (!refund_links.empty()) rows.push_back({"Refunds", refund_links});
  MG_ASSIGN_OR_RETURN(std::string attempts, AttemptsSection(store, p.id, p.currency));
  MG_ASSIGN_OR_RETURN(std::string journals, JournalsSection(store, p.id));
  return "<h2>Purchase " + Escape(p.id) + "</h2>" + Fields(rows) + attempts + journals;
}

Result<std::string> RefundHtml(store::Store& store, const store::Refund& r) {
  MG_ASSIGN_OR_RETURN(std::string journals, JournalsSection(store, r.id));
  return "<h2>Refund " + Escape(r.id) + "</h2>" +
         Fields({{"Purchase", Link(r.purchase_id)},
                 {"State", "<strong>" + Escape(store::Name(r.state)) + "</strong>"},
                 {"Amount", Escape(Amount(r.amount_minor, r.currency)) + " (tax " +
                                Escape(Amount(r.tax_minor, r.currency)) + ")"},
                 {"Reason", Escape(r.reason)},
                 {"Provider reference", Escape(r.provider_reference)},
                 {"Created", When(r.created_at_ms)},
                 {"Updated", When(r.updated_at_ms)}}) +
         journals;
}

Result<std::string> BookingHtml(store::Store& store, const store::AdBooking& b) {
  MG_ASSIGN_OR_RETURN(std::string attempts, AttemptsSection(store, b.id, b.currency));
  MG_ASSIGN_OR_RETURN(std::string journals, JournalsSection(store, b.id));
  return "<h2>Ad booking " + Escape(b.id) + "</h2>" +
         Fields({{"Market", Escape(b.market)},
                 {"Format", Escape(b.format)},
                 {"State", "<strong>" + Escape(store::Name(b.state)) + "</strong>"},
                 {"Total", Escape(Amount(b.total_minor, b.currency))},
                 {"Terms", Escape(store::Name(b.payment_terms))},
                 {"Created", When(b.created_at_ms)}}) +
         attempts + journals;
}

Result<std::string> PayoutHtml(store::Store& store, const store::PayoutRecord& p) {
  std::string payee =
      p.seller_id.empty() ? "creator " + Escape(p.creator_id) : "seller " + Escape(p.seller_id);
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Payee", payee},
      {"Market", Escape(p.market)},
      {"State", "<strong>" + Escape(store::Name(p.state)) + "</strong>"},
      {"Net", Escape(Amount(p.net_minor, p.currency)) + " (gross " +
                  Escape(Amount(p.gross_minor, p.currency)) + ", withheld " +
                  Escape(Amount(p.withheld_minor, p.currency)) + ")"},
      {"Method",
       Escape(p.method) + " by " + Escape(p.provider) + " " + Escape(p.provider_reference)},
      {"Checks", std::to_string(p.checks)},
      {"Failure", Escape(p.failure_code + " " + p.failure_message)},
      {"Created", When(p.created_at_ms)},
      {"Updated", When(p.updated_at_ms)}};
  if (!p.seller_id.empty()) {
    MG_ASSIGN_OR_RETURN(std::vector<store::SellerOrderPart> parts, store.ListPayoutOrders(p.id));
    std::string orders;
    for (const store::SellerOrderPart& part : parts) {
      orders += (orders.empty() ? "" : ", ") + Link(part.purchase_id) + " " +
                Escape(Amount(part.seller_minor, p.currency));
    }
    rows.push_back({"Orders", orders});
  }
  MG_ASSIGN_OR_RETURN(std::string journals, JournalsSection(store, p.id));
  return "<h2>Payout " + Escape(p.id) + "</h2>" + Fields(rows) + journals;
}

// The record `id` names, by its prefix.
Result<std::string> RecordHtml(store::Store& store, std::string_view id) {
  auto is = [&](std::string_view prefix) { return id.starts_with(std::string(prefix) + "_"); };
  if (is(store::kPurchaseIdPrefix)) {
    MG_ASSIGN_OR_RETURN(store::Purchase purchase, store.GetPurchase(id));
    return PurchaseHtml(store, purchase);
  }
  if (is(store::kRefundIdPrefix)) {
    MG_ASSIGN_OR_RETURN(store::Refund refund, store.GetRefund(id));
    return RefundHtml(store, refund);
  }
  if (is(store::kAdBookingIdPrefix)) {
    MG_ASSIGN_OR_RETURN(store::AdBooking booking, store.GetAdBooking(id));
    return BookingHtml(store, booking);
  }
  if (is(store::kPayoutIdPrefix)) {
    MG_ASSIGN_OR_RETURN(store::PayoutRecord payout, store.GetPayout(id));
    return PayoutHtml(store, payout);
  }
  return Status(ErrorCode::kNotFound, "an id starts with pur_, re_, adb_ or pyt_");
}

}  // namespace

Result<std::string> MoneyBody(store::Store& store, std::string_view id) {
  std::string body =
      "<form method=\"get\" action=\"/console/money\"><label>Purchase, order, refund, ad "
      "booking or payout id <input type=\"search\" name=\"id\" value=\"" +
      Escape(id) +
      "\" placeholder=\"pur_…\"></label> <button type=\"submit\">Look up</button></form>";
  if (id.empty()) return body;
  Result<std::string> record = RecordHtml(store, id);
  if (record.ok()) return body + *record;
  if (record.status().code() != ErrorCode::kNotFound) return record.status();
  return body + "<p class=\"error\">Nothing found for <code>" + Escape(id) + "</code> (" +
         Escape(record.status().message()) + ").</p>";
}

Result<std::string> AttentionBody(store::Store& store, TimePoint now) {
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts,
                      store.ListAttemptsNeedingAttention(kAttentionLimit));
  MG_ASSIGN_OR_RETURN(std::vector<store::PayoutRecord> payouts,
                      store.ListPayoutsNeedingAttention(kAttentionLimit));
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::string rows;
  for (const store::ProviderAttempt& a : attempts) {
    rows += "<tr><td>provider call</td><td>" + Link(a.purchase_id) + "</td><td>" +
            Escape(store::Name(a.operation)) + " by " + Escape(a.provider) + "</td><td>" +
            (a.needs_attention_since_ms ? When(*a.needs_attention_since_ms) : "") +
            "</td><td class=\"num\">" + std::to_string((now_ms - a.started_at_ms) / 60000) +
            " min</td><td>" + std::to_string(a.checks) + " " + Escape(a.last_check) + "</td></tr>";
  }
  for (const store::PayoutRecord& p : payouts) {
    rows += "<tr><td>payout</td><td>" + Link(p.id) + "</td><td>" + Escape(p.method) + " by " +
            Escape(p.provider) + "</td><td>" + When(p.updated_at_ms) + "</td><td class=\"num\">" +
            std::to_string((now_ms - p.created_at_ms) / 60000) + " min</td><td>" +
            std::to_string(p.checks) + " " + Escape(p.failure_message) + "</td></tr>";
  }
  if (rows.empty())
    return std::string(
        "<p>Nothing needs a person: every operation is final or being reconciled.</p>");
  return "<p>Still unknown after every check: look each up at its provider. Reconciliation keeps "
         "checking them.</p><table class=\"attention\"><thead><tr><th>What</th><th>Record</th>"
         "<th>Call</th><th>Since</th><th>Age</th><th>Checks, last</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

}  // namespace mg::console
