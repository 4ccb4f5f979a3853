#include "compliance/quote_json.h"

#include <boost/json.hpp>

namespace mg::compliance {
namespace {

boost::json::object AmountToJson(const Quote& quote, const FormattedMoney& amount,
                                 const boost::json::storage_ptr& sp) {
  boost::json::object out(sp);
  out.reserve(3);
  out["amount"] = amount.minor_units;
  out["currency"] = quote.currency.str();
  out["formatted"] = amount.formatted;
  return out;
}

boost::json::object LineToJson(const Quote& quote, const QuoteLine& line,
                               const boost::json::storage_ptr& sp) {
  boost::json::object out(sp);
  out.reserve(11);
  out["type"] = QuoteLineTypeName(line.type);
  out["sku"] = line.sku;
  out["description"] = line.description;
  out["tax_class"] = line.tax_class;
  out["quantity"] = line.quantity;
  out["unit_price"] = AmountToJson(quote, line.unit_price, sp);
  out["net"] = AmountToJson(quote, line.net, sp);
  out["tax"] = AmountToJson(quote, line.tax, sp);
  out["gross"] = AmountToJson(quote, line.gross, sp);
  out["reverse_charged"] = line.reverse_charged;
  if (line.type == QuoteLine::Type::kCoinPack) out["coins"] = line.coins;
  if (line.type == QuoteLine::Type::kGoods) {
    out["category"] = line.category;
    if (line.referral_fee) out["referral_fee"] = AmountToJson(quote, *line.referral_fee, sp);
  }
  return out;
}

boost::json::object OrderToJson(const Quote& quote, const OrderTerms& order,
                                const boost::json::storage_ptr& sp) {
  boost::json::object out(sp);
  out["seller"] = {{"id", order.seller_id}, {"country", order.seller_country}};
  out["ships_from"] = order.ships_from;
  out["attribution"] = {{"type", order.attribution_type}, {"id", order.attribution_id}};
  if (order.affiliate_creator.empty()) {
    out["affiliate"] = nullptr;
  } else {
    out["affiliate"] = {{"creator", order.affiliate_creator}, {"rate", order.affiliate_rate}};
  }
  boost::json::object remittance(sp);
  remittance["remitted_by"] = order.remitted_by;
  remittance["reason"] = order.remittance_reason;
  remittance["legal_reference"] = order.remittance_legal_reference;
  remittance["source"] = order.remittance_source;
  remittance["verified"] = order.remittance_verified;
  out["tax_remittance"] = std::move(remittance);
  boost::json::object split(sp);
  split["seller_payable"] = AmountToJson(quote, order.seller_payable, sp);
  split["creator_payable"] = AmountToJson(quote, order.creator_payable, sp);
  split["platform_revenue"] = AmountToJson(quote, order.platform_revenue, sp);
  split["platform_tax"] = AmountToJson(quote, order.platform_tax, sp);
  split["referral_fee"] = AmountToJson(quote, order.referral_fee, sp);
  split["affiliate_fee"] = AmountToJson(quote, order.affiliate_fee, sp);
  split["processing_fee"] = AmountToJson(quote, order.processing_fee, sp);
  out["split"] = std::move(split);
  boost::json::object window(sp);
  window["days"] = order.return_window_days;
  window["legal_reference"] = order.return_window_legal_reference;
  window["source"] = order.return_window_source;
  window["verified"] = order.return_window_verified;
  out["return_window"] = std::move(window);
  out["holding_period"] = {{"days", order.holding_period_days},
                           {"basis", order.holding_period_basis}};
  return out;
}

boost::json::value AdToJson(const Quote& quote, const boost::json::storage_ptr& sp) {
  if (!quote.ad) return boost::json::value(nullptr, sp);
  const AdPricingDetail& ad = *quote.ad;
  boost::json::object out(sp);
  out["format"] = ad.format;
  out["pricing"] = ad.pricing;
  if (ad.cpm_floor) out["cpm_floor"] = AmountToJson(quote, *ad.cpm_floor, sp);
  if (ad.min_budget) out["min_budget"] = AmountToJson(quote, *ad.min_budget, sp);
  if (ad.max_impressions) out["max_impressions"] = *ad.max_impressions;
  if (ad.days) out["days"] = *ad.days;
  if (ad.price) out["price"] = AmountToJson(quote, *ad.price, sp);
  boost::json::array terms(sp);
  for (const auto& term : ad.payment_terms) terms.emplace_back(term);
  out["payment_terms"] = std::move(terms);
  if (ad.invoice_terms_days) out["invoice_terms_days"] = *ad.invoice_terms_days;
  return out;
}

boost::json::array PaymentMethodsToJson(const Quote& quote, const boost::json::storage_ptr& sp) {
  boost::json::array out(sp);
  out.reserve(quote.payment_methods.size());
  for (const PaymentMethodOption& option : quote.payment_methods) {
    boost::json::object method(sp);
    method["method"] = option.method;
    method["available"] = option.available;
    if (option.available) {
      boost::json::array providers(sp);
      for (const auto& provider : option.providers) providers.emplace_back(provider);
      method["providers"] = std::move(providers);
    } else {
      method["unavailable_reason"] = option.unavailable_reason;
    }
    out.push_back(std::move(method));
  }
  return out;
}

void Indent(std::string& out, int depth) { out.append(static_cast<size_t>(depth) * 2, ' '); }

void Pretty(const boost::json::value& value, std::string& out, int depth) {
  if (const auto* object = value.if_object()) {
    if (object->empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    size_t i = 0;
    for (const auto& entry : *object) {
      Indent(out, depth + 1);
      out += boost::json::serialize(boost::json::string(entry.key())) + ": ";
      Pretty(entry.value(), out, depth + 1);
      out += ++i < object->size() ? ",\n" : "\n";
    }
    Indent(out, depth);
    out += "}";
  } else if (const auto* array = value.if_array()) {
    if (array->empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    for (size_t i = 0; i < array->size(); ++i) {
      Indent(out, depth + 1);
      Pretty((*array)[i], out, depth + 1);
      out += i + 1 < array->size() ? ",\n" : "\n";
    }
    Indent(out, depth);
    out += "]";
  } else {
    out += boost::json::serialize(value);
  }
}

}  // namespace

boost::json::object QuoteToJson(const Quote& quote, const boost::json::storage_ptr& sp) {
  boost::json::object out(sp);
  out.reserve(21);
  out["object"] = "quote";
  out["market"] = quote.market;
  out["market_name"] = quote.market_name;
  out["kind"] = RequestKindName(quote.kind);
  out["locale"] = quote.locale;
  out["currency"] = quote.currency.str();
  out["prices_include_tax"] = quote.prices_include_tax;
  if (quote.subdivision.empty()) {
    out["subdivision"] = nullptr;
  } else {
    out["subdivision"] = quote.subdivision;
  }
  if (quote.recurring) {
    boost::json::object recurring(sp);
    const bool debit = quote.recurring->stage == RecurringPayment::Stage::kDebit;
    recurring["stage"] = debit ? "debit" : "registration";
    if (quote.recurring->notified_hours_before) {
      recurring["notified_hours_before"] = *quote.recurring->notified_hours_before;
    }
    out["recurring"] = std::move(recurring);
  }
  boost::json::array lines(sp);
  lines.reserve(quote.lines.size());
  for (const QuoteLine& line : quote.lines) lines.push_back(LineToJson(quote, line, sp));
  out["lines"] = std::move(lines);
  boost::json::array tax_lines(sp);
  tax_lines.reserve(quote.tax_lines.size());
  for (const QuoteTaxLine& line : quote.tax_lines) {
    boost::json::object tax_line(sp);
    tax_line.reserve(7);
    tax_line["name"] = line.name;
    tax_line["rate"] = line.rate;
    tax_line["taxable_base"] = AmountToJson(quote, line.taxable_base, sp);
    tax_line["amount"] = AmountToJson(quote, line.amount, sp);
    tax_line["source"] = line.source;
    tax_line["verified"] = line.verified;
    // An order's tax is remitted by the platform or by the seller.
    if (quote.order) tax_line["remitted_by"] = quote.order->remitted_by;
    tax_lines.push_back(std::move(tax_line));
  }
  out["tax_lines"] = std::move(tax_lines);
  out["subtotal"] = AmountToJson(quote, quote.subtotal, sp);
  out["tax"] = AmountToJson(quote, quote.tax, sp);
  out["total"] = AmountToJson(quote, quote.total, sp);
  if (quote.reverse_charge.applied) {
    boost::json::object reverse_charge(sp);
    reverse_charge["note"] = quote.reverse_charge.note;
    reverse_charge["legal_reference"] = quote.reverse_charge.legal_reference;
    out["reverse_charge"] = std::move(reverse_charge);
  } else {
    out["reverse_charge"] = nullptr;
  }
  boost::json::array notes(sp);
  for (const auto& note : quote.tax_notes) notes.emplace_back(note);
  out["tax_notes"] = std::move(notes);
  out["coins"] = {{"credit", quote.coins_credit}, {"debit", quote.coins_debit}};
  out["ad"] = AdToJson(quote, sp);
  if (quote.order) out["order"] = OrderToJson(quote, *quote.order, sp);
  out["payment_methods"] = PaymentMethodsToJson(quote, sp);
  out["decision"] = DecisionToJson(quote.decision, sp);
  out["created"] = quote.created.time_since_epoch().count();
  out["snapshot_version"] = quote.snapshot_version;
  return out;
}

std::string PrettyJson(const boost::json::value& value) {
  std::string out;
  Pretty(value, out, 0);
  out += "\n";
  return out;
}

}  // namespace mg::compliance
