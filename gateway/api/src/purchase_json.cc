#include "purchase_json.h"

#include <boost/json/serialize.hpp>

namespace mg::api {
namespace {

boost::json::value OptionalText(const std::string& text) {
  if (text.empty()) return nullptr;
  return boost::json::string(text);
}

boost::json::object AttemptToJson(const store::ProviderAttempt& attempt,
                                  const AmountRenderer& amounts) {
  boost::json::object out;
  out["id"] = attempt.id;
  out["seq"] = attempt.seq;
  out["provider"] = attempt.provider;
  out["operation"] = store::Name(attempt.operation);
  out["amount"] = amounts(attempt.amount_minor);
  out["state"] = store::Name(attempt.state);
  out["provider_reference"] = OptionalText(attempt.provider_reference);
  out["provider_code"] = OptionalText(attempt.provider_code);
  out["idempotency_key"] = attempt.idempotency_key;
  out["started"] = UnixSeconds(attempt.started_at_ms);
  if (attempt.finished_at_ms) {
    out["finished"] = UnixSeconds(*attempt.finished_at_ms);
  } else {
    out["finished"] = nullptr;
  }
  return out;
}

}  // namespace

boost::json::value NextActionJson(const std::optional<providers::NextAction>& action) {
  if (!action) return nullptr;
  boost::json::object out;
  out["type"] = action->kind == providers::NextAction::Kind::kChallenge ? "challenge" : "redirect";
  out["url"] = action->url;
  out["method"] = action->method;
  boost::json::object data;
  for (const auto& [key, value] : action->data) data[key] = value;
  out["data"] = std::move(data);
  return out;
}

boost::json::value NextActionJson(const std::optional<providers::NextAction>& action,
                                  const std::string& return_url, int64_t expires_unix) {
  boost::json::value out = NextActionJson(action);
  if (out.is_object()) {
    out.get_object()["return_url"] = OptionalText(return_url);
    out.get_object()["expires"] = expires_unix;
  }
  return out;
}

boost::json::value PendingJson(const std::optional<providers::PendingInstructions>& pending) {
  if (!pending) return nullptr;
  boost::json::object out;
  out["pix_copy_paste"] = OptionalText(pending->pix_copy_paste);
  out["location"] = OptionalText(pending->location);
  if (pending->expires_at) {
    out["expires_at"] = pending->expires_at->time_since_epoch().count();
  } else {
    out["expires_at"] = nullptr;
  }
  return out;
}

int64_t CoinsCredited(const store::Purchase& purchase) {
  return store::IsSettled(purchase.state) ? purchase.coins : 0;
}

boost::json::object PurchaseToJson(const store::Purchase& purchase,
                                   const std::vector<store::ProviderAttempt>& attempts,
                                   const AmountRenderer& amounts, const PaymentNext& next,
                                   boost::json::value quote, std::string_view request_id,
                                   const boost::json::storage_ptr& storage) {
  boost::json::object out(storage);
  out["id"] = purchase.id;
  out["object"] = "purchase";
  out["market"] = purchase.market;
  out["customer"] = purchase.customer_id;
  out["state"] = store::Name(purchase.state);
  boost::json::object totals(storage);
  totals["subtotal"] = amounts(purchase.subtotal_minor);
  totals["tax"] = amounts(purchase.tax_minor);
  totals["total"] = amounts(purchase.total_minor);
  totals["captured"] = amounts(purchase.captured_minor);
  totals["refunded"] = amounts(purchase.refunded_minor);
  out["amounts"] = std::move(totals);
  out["coins_credited"] = CoinsCredited(purchase);
  boost::json::object payment(storage);
  payment["method"] = purchase.payment_method;
  payment["provider"] = purchase.provider;
  payment["provider_reference"] = OptionalText(purchase.provider_reference);
  payment["authentication"] = OptionalText(purchase.authentication);
  out["payment"] = std::move(payment);
  out["next_action"] = purchase.next_action_json.empty()
                           ? NextActionJson(next.action)
                           : ParseStoredJson(purchase.next_action_json);
  out["pending"] = PendingJson(next.pending);
  boost::json::array attempt_list(storage);
  for (const store::ProviderAttempt& attempt : attempts) {
    attempt_list.push_back(AttemptToJson(attempt, amounts));
  }
  out["attempts"] = std::move(attempt_list);
  out["quote"] = std::move(quote);
  out["created"] = UnixSeconds(purchase.created_at_ms);
  out["updated"] = UnixSeconds(purchase.updated_at_ms);
  out["request_id"] = request_id;
  return out;
}

std::string PurchaseEventPayload(const store::Purchase& purchase) {
  boost::json::object out;
  out["id"] = purchase.id;
  out["object"] = "purchase";
  out["market"] = purchase.market;
  out["customer"] = purchase.customer_id;
  out["state"] = store::Name(purchase.state);
  out["amount"] = purchase.total_minor;
  out["captured"] = purchase.captured_minor;
  out["refunded"] = purchase.refunded_minor;
  out["currency"] = purchase.currency;
  out["coins"] = CoinsCredited(purchase);
  out["payment_method"] = purchase.payment_method;
  out["provider"] = purchase.provider;
  out["provider_reference"] = purchase.provider_reference;
  out["authentication"] = purchase.authentication;
  return boost::json::serialize(out);
}

}  // namespace mg::api
