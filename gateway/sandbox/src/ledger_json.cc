#include "ledger_json.h"

#include <boost/json.hpp>

namespace mg::sandbox {

namespace json = boost::json;

std::string LedgerJson(Ledger& ledger, const EmulatorConfig& config,
                       std::size_t webhooks_overflowed) {
  json::array charges;
  ledger.Visit(false, [&charges](const Charge& c) {
    json::array refunds;
    for (const Refund& r : c.refunds) {
      refunds.push_back(json::object{{"id", r.id},
                                     {"amount", r.amount},
                                     {"status", r.status},
                                     {"provider_status", r.provider_status}});
    }
    charges.push_back(json::object{{"id", c.id},
                                   {"provider", c.provider},
                                   {"idempotency_key", c.idempotency_key},
                                   {"reference", c.reference},
                                   {"merchant_reference", c.merchant_reference},
                                   {"token", c.token},
                                   {"amount", c.amount},
                                   {"currency", c.currency},
                                   {"status", c.status},
                                   {"captured", c.captured},
                                   {"voided", c.voided},
                                   {"amount_refunded", c.amount_refunded},
                                   {"created", c.created},
                                   {"refunds", std::move(refunds)}});
    return true;
  });
  json::array cancels;
  for (const TechnicalCancel& t : ledger.TechnicalCancels()) {
    json::array cancelled;
    for (const std::string& psp : t.cancelled) cancelled.push_back(json::value(psp));
    cancels.push_back(json::object{{"psp_reference", t.psp_reference},
                                   {"payment_reference", t.payment_reference},
                                   {"reference", t.reference},
                                   {"cancelled", std::move(cancelled)},
                                   {"success", t.success},
                                   {"created", t.created}});
  }
  LedgerStats stats = ledger.Stats();
  json::object limits{{"max_charges", config.max_charges},
                      {"max_idempotency_answers", config.max_charges},
                      {"charges", stats.charges},
                      {"idempotency_answers", stats.answers},
                      {"evicted_charges", stats.evicted_charges},
                      {"evicted_idempotency_answers", stats.evicted_answers},
                      {"webhooks_overflowed", webhooks_overflowed}};
  return json::serialize(json::object{{"charges", std::move(charges)},
                                      {"technical_cancels", std::move(cancels)},
                                      {"limits", limits}});
}

}  // namespace mg::sandbox
