#include "money_page.h"

#include "gateway/store/ids.h"
#include "html.h"

namespace mg::console {
namespace {

// A table of label -> HTML value.
std::string Fields(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string html = "<table class=\"record\"><tbody>";
  for (const auto& [label, value] : rows) {
    html += "<tr><th>" + Escape(label) + "</th><td>" + value + "</td></tr>";
  }
  return html + "</tbody></table>";
}

Result<std::string> AttemptsSection(store::Store& store, std::string_view id,
                                    std::string_view currency, const OperatorFormat& format) {
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts, store.ListAttempts(id));
  std::string rows;
  for (const store::ProviderAttempt& a : attempts) {
    rows += "<tr><td class=\"num\">" + std::to_string(a.seq) + "</td><td>" +
            Escape(store::Name(a.operation)) + "</td><td>" + Escape(a.provider) +
            "</td><td class=\"num\">" + Escape(format.Money(a.amount_minor, currency)) +
            "</td><td>" + Escape(store::Name(a.state)) +
            (a.needs_attention_since_ms ? " (needs attention)" : "") + "</td><td>" +
            Escape(a.provider_code) + "</td><td>" + UtcTime(a.started_at_ms) + "</td><td>" +
            (a.finished_at_ms ? UtcTime(*a.finished_at_ms) : "") + "</td><td>" +
            std::to_string(a.checks) + " " + Escape(a.last_check) + "</td></tr>";
  }
  if (rows.empty()) return std::string("<h2>Provider calls</h2><p>None.</p>");
  return "<h2>Provider calls</h2><table class=\"attempts\"><thead><tr><th>#</th><th>Call</th>"
         "<th>Provider</th><th>Amount</th><th>State</th><th>Provider code</th><th>Started</th>"
         "<th>Finished</th><th>Checks</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

Result<std::string> JournalsSection(store::Store& store, std::string_view reference,
                                    const OperatorFormat& format) {
  MG_ASSIGN_OR_RETURN(std::vector<store::Journal> journals, store.ListJournals(reference));
  std::string rows;
  for (const store::Journal& journal : journals) {
    for (const store::LedgerEntry& entry : journal.entries) {
      rows += "<tr><td>" + Escape(store::Name(journal.kind)) + "</td><td>" +
              UtcTime(journal.created_at_ms) + "</td><td>" + Escape(entry.account) +
              "</td><td class=\"num\">" + Escape(format.Money(entry.amount, entry.unit)) +
              "</td></tr>";
    }
  }
  if (rows.empty()) return std::string("<h2>Ledger</h2><p>No journal posted.</p>");
  return "<h2>Ledger</h2><table class=\"journals\"><thead><tr><th>Journal</th><th>Posted</th>"
         "<th>Account</th><th>Amount</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

Result<std::string> PurchaseHtml(store::Store& store, const store::Purchase& p,
                                 const OperatorFormat& format) {
  MG_ASSIGN_OR_RETURN(std::optional<store::OrderSplit> split, store.GetOrderSplit(p.id));
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Kind", split ? "order (goods from a seller)" : "purchase"},
      {"Market", Escape(p.market)},
      {"State", "<strong>" + Escape(store::Name(p.state)) + "</strong>"},
      {"Total", Escape(format.Money(p.total_minor, p.currency)) + " (tax " +
                    Escape(format.Money(p.tax_minor, p.currency)) + ")"},
      {"Captured", Escape(format.Money(p.captured_minor, p.currency))},
      {"Refunded", Escape(format.Money(p.refunded_minor, p.currency))},
      {"Payment",
       Escape(p.payment_method) + " by " + Escape(p.provider) + " " + Escape(p.provider_reference)},
      {"Customer", Escape(p.customer_id)},
      {"Account", Escape(p.owner)},
      {"Created", UtcTime(p.created_at_ms)},
      {"Updated", UtcTime(p.updated_at_ms)}};
  if (split) {
    rows.push_back({"Seller", Escape(split->seller_id) + ": " +
                                  Escape(format.Money(split->seller_payable_minor, p.currency))});
    rows.push_back({"Delivered", split->delivered_at_ms ? UtcTime(*split->delivered_at_ms) : "no"});
  }
  MG_ASSIGN_OR_RETURN(std::vector<store::Refund> refunds, store.ListRefunds(p.id));
  std::string refund_links;
  for (const store::Refund& refund : refunds) {
    refund_links += (refund_links.empty() ? "" : ", ") + RecordLink(refund.id) + " " +
                    Escape(store::Name(refund.state));
  }
  if (!refund_links.empty()) rows.push_back({"Refunds", refund_links});
  MG_ASSIGN_OR_RETURN(std::string attempts, AttemptsSection(store, p.id, p.currency, format));
  MG_ASSIGN_OR_RETURN(std::string journals, JournalsSection(store, p.id, format));
  return "<h2>Purchase " + Escape(p.id) + "</h2>" + Fields(rows) + attempts + journals;
}

Result<std::string> RefundHtml(store::Store& store, const store::Refund& r,
                               const OperatorFormat& format) {
  MG_ASSIGN_OR_RETURN(std::string journals, JournalsSection(store, r.id, format));
  return "<h2>Refund " + Escape(r.id) + "</h2>" +
         Fields({{"Purchase", RecordLink(r.purchase_id)},
                 {"State", "<strong>" + Escape(store::Name(r.state)) + "</strong>"},
                 {"Amount", Escape(format.Money(r.amount_minor, r.currency)) + " (tax " +
                                Escape(format.Money(r.tax_minor, r.currency)) + ")"},
                 {"Reason", Escape(r.reason)},
                 {"Provider reference", Escape(r.provider_reference)},
                 {"Created", UtcTime(r.created_at_ms)},
                 {"Updated", UtcTime(r.updated_at_ms)}}) +
         journals;
}

Result<std::string> BookingHtml(store::Store& store, const store::AdBooking& b,
                                const OperatorFormat& format) {
  MG_ASSIGN_OR_RETURN(std::string attempts, AttemptsSection(store, b.id, b.currency, format));
  MG_ASSIGN_OR_RETURN(std::string journals, JournalsSection(store, b.id, format));
  return "<h2>Ad booking " + Escape(b.id) + "</h2>" +
         Fields({{"Market", Escape(b.market)},
                 {"Format", Escape(b.format)},
                 {"State", "<strong>" + Escape(store::Name(b.state)) + "</strong>"},
                 {"Total", Escape(format.Money(b.total_minor, b.currency))},
                 {"Terms", Escape(store::Name(b.payment_terms))},
                 {"Created", UtcTime(b.created_at_ms)}}) +
         attempts + journals;
}

Result<std::string> PayoutHtml(store::Store& store, const store::PayoutRecord& p,
                               const OperatorFormat& format) {
  std::string payee =
      p.seller_id.empty() ? "creator " + Escape(p.creator_id) : "seller " + Escape(p.seller_id);
  std::vector<std::pair<std::string, std::string>> rows = {
      {"Payee", payee},
      {"Market", Escape(p.market)},
      {"State", "<strong>" + Escape(store::Name(p.state)) + "</strong>"},
      {"Net", Escape(format.Money(p.net_minor, p.currency)) + " (gross " +
                  Escape(format.Money(p.gross_minor, p.currency)) + ", withheld " +
                  Escape(format.Money(p.withheld_minor, p.currency)) + ")"},
      {"Method",
       Escape(p.method) + " by " + Escape(p.provider) + " " + Escape(p.provider_reference)},
      {"Checks", std::to_string(p.checks)},
      {"Failure", Escape(p.failure_code + " " + p.failure_message)},
      {"Created", UtcTime(p.created_at_ms)},
      {"Updated", UtcTime(p.updated_at_ms)}};
  if (!p.seller_id.empty()) {
    MG_ASSIGN_OR_RETURN(std::vector<store::SellerOrderPart> parts, store.ListPayoutOrders(p.id));
    std::string orders;
    for (const store::SellerOrderPart& part : parts) {
      orders += (orders.empty() ? "" : ", ") + RecordLink(part.purchase_id) + " " +
                Escape(format.Money(part.seller_minor, p.currency));
    }
    rows.push_back({"Orders", orders});
  }
  MG_ASSIGN_OR_RETURN(std::string journals, JournalsSection(store, p.id, format));
  return "<h2>Payout " + Escape(p.id) + "</h2>" + Fields(rows) + journals;
}

Result<std::string> GiftHtml(store::Store& store, const store::GiftRecord& g,
                             const OperatorFormat& format) {
  MG_ASSIGN_OR_RETURN(std::string journals, JournalsSection(store, g.id, format));
  return "<h2>Gift " + Escape(g.id) + "</h2>" +
         Fields({{"Gift", Escape(g.gift) + " × " + format.Count(g.quantity)},
                 {"Sender", Escape(g.sender_id) + " in " + Escape(g.market)},
                 {"Creator", Escape(g.creator_id) + " in " + Escape(g.creator_market)},
                 {"Live", Escape(g.live_id)},
                 {"Coins spent", format.Count(g.coins)},
                 {"Diamonds credited", format.Count(g.diamonds)},
                 {"Account", Escape(g.owner)},
                 {"Sent", UtcTime(g.created_at_ms)}}) +
         journals;
}

// The record `id` names, by its prefix.
Result<std::string> RecordHtml(store::Store& store, std::string_view id,
                               const OperatorFormat& format) {
  auto is = [&](std::string_view prefix) { return id.starts_with(std::string(prefix) + "_"); };
  if (is(store::kPurchaseIdPrefix)) {
    MG_ASSIGN_OR_RETURN(store::Purchase purchase, store.GetPurchase(id));
    return PurchaseHtml(store, purchase, format);
  }
  if (is(store::kRefundIdPrefix)) {
    MG_ASSIGN_OR_RETURN(store::Refund refund, store.GetRefund(id));
    return RefundHtml(store, refund, format);
  }
  if (is(store::kAdBookingIdPrefix)) {
    MG_ASSIGN_OR_RETURN(store::AdBooking booking, store.GetAdBooking(id));
    return BookingHtml(store, booking, format);
  }
  if (is(store::kGiftIdPrefix)) {
    MG_ASSIGN_OR_RETURN(store::GiftRecord gift, store.GetGift(id));
    return GiftHtml(store, gift, format);
  }
  if (is(store::kPayoutIdPrefix)) {
    MG_ASSIGN_OR_RETURN(store::PayoutRecord payout, store.GetPayout(id));
    return PayoutHtml(store, payout, format);
  }
  return Status(ErrorCode::kNotFound, "an id starts with pur_, re_, adb_, gft_ or pyt_");
}

}  // namespace

Result<std::string> MoneyBody(store::Store& store, std::string_view id,
                              const OperatorFormat& format) {
  std::string body =
      "<form method=\"get\" action=\"/console/money\"><label>Purchase, order, refund, ad "
      "booking, gift or payout id <input type=\"search\" name=\"id\" value=\"" +
      Escape(id) +
      "\" placeholder=\"pur_…\"></label> <button type=\"submit\">Look up</button></form>";
  if (id.empty()) return body;
  Result<std::string> record = RecordHtml(store, id, format);
  if (record.ok()) return body + *record;
  if (record.status().code() != ErrorCode::kNotFound) return record.status();
  return body + "<p class=\"error\">Nothing found for <code>" + Escape(id) + "</code> (" +
         Escape(record.status().message()) + ").</p>";
}

}  // namespace mg::console
