#include "admin_routes.h"

#include <boost/json/array.hpp>
#include <chrono>

#include "base/utc_time.h"
#include "gateway/http/error_mapping.h"

namespace mg::api {
namespace {

using http::JsonResponse;
using http::Response;

boost::json::object LoadErrorJson(const mg::LoadError& error) {
  return {{"file", error.file}, {"line", error.line},       {"column", error.column},
          {"path", error.path}, {"message", error.message}, {"text", error.ToString()}};
}

boost::json::array LoadErrorsJson(const std::vector<mg::LoadError>& errors) {
  boost::json::array out;
  for (const auto& error : errors) out.push_back(LoadErrorJson(error));
  return out;
}

// A payout escalated for a person: what to look for at its provider.
boost::json::object PayoutAttentionJson(const store::PayoutRecord& payout, store::UnixMillis now) {
  boost::json::object item{{"payout", payout.id}};
  if (payout.seller_id.empty()) {
    item["creator"] = payout.creator_id;
  } else {
    item["seller"] = payout.seller_id;
  }
  item["market"] = payout.market;
  item["method"] = payout.method;
  item["provider"] = payout.provider;
  item["state"] = store::Name(payout.state);
  item["amount"] = payout.net_minor;
  item["currency"] = payout.currency;
  item["diamonds"] = payout.diamonds;
  item["created"] = payout.created_at_ms / 1000;
  item["age_seconds"] = (now - payout.created_at_ms) / 1000;
  item["checks"] = payout.checks;
  item["reason"] = payout.failure_message;
  // Escalated payouts are still looked up: their last change or check.
  item["last_checked"] = payout.updated_at_ms / 1000;
  item["provider_reference"] = payout.provider_reference.empty()
                                   ? boost::json::value(nullptr)
                                   : boost::json::value(payout.provider_reference);
  return item;
}

}  // namespace

Result<Response> HandleReload(const RouteContext& context, const http::Request& request) {
  const std::string who = request.api_key != nullptr ? request.api_key->name : "no key";
  MarketReloader::Outcome outcome =
      context.deps().reloader->Reload("POST /admin/reload (" + who + ")");
  if (outcome.ok) {
    return JsonResponse(boost::json::object{
        {"reloaded", true}, {"version", outcome.version}, {"markets", outcome.markets}});
  }
  Response response =
      http::ProtocolError(boost::beast::http::status::unprocessable_entity, "reload_failed",
                          std::to_string(outcome.errors.size()) +
                              " error(s) in the market files; still serving version " +
                              std::to_string(outcome.version));
  response.error->details["version"] = outcome.version;
  response.error->details["errors"] = LoadErrorsJson(outcome.errors);
  return response;
}

Result<Response> HandleShowConfig(const RouteContext& context, const http::Request&) {
  const regions::MarketRegistry& registry = context.deps().reloader->registry();
  std::shared_ptr<const regions::MarketSnapshot> snapshot = registry.Current();
  regions::MarketRegistry::Stats stats = registry.stats();
  boost::json::object body;
  body["regions_dir"] = registry.regions_dir();
  if (snapshot) {
    boost::json::object serving;
    serving["version"] = snapshot->version();
    serving["loaded_at"] = FormatIsoUtc(snapshot->loaded_at());
    boost::json::array markets;
    for (const auto& [code, market] : snapshot->markets()) {
      markets.push_back({{"code", code},
                         {"status", regions::MarketStatusName(market->status())},
                         {"source_file", market->source_file()}});
    }
    serving["markets"] = std::move(markets);
    body["snapshot"] = std::move(serving);
  } else {
    body["snapshot"] = nullptr;
  }
  body["last_errors"] = LoadErrorsJson(registry.last_errors());
  body["reloads"] = {{"ok", stats.reloads_ok}, {"failed", stats.reloads_failed}};
  body["config"] = context.deps().config_summary;
  return JsonResponse(body);
}

Result<Response> HandleNeedsAttention(const RouteContext& context, const http::Request&) {
  constexpr int kLimit = 1000;
  MG_ASSIGN_OR_RETURN(std::vector<store::ProviderAttempt> attempts,
                      context.store().ListAttemptsNeedingAttention(kLimit));
  const store::UnixMillis now = context.NowMillis();
  boost::json::array items;
  for (const store::ProviderAttempt& attempt : attempts) {
    boost::json::object item{{"attempt", attempt.id},
                             {"purchase", attempt.purchase_id},
                             {"operation", store::Name(attempt.operation)},
                             {"provider", attempt.provider},
                             {"state", store::Name(attempt.state)},
                             {"idempotency_key", attempt.idempotency_key},
                             {"amount", attempt.amount_minor},
                             {"started", attempt.started_at_ms / 1000},
                             {"age_seconds", (now - attempt.started_at_ms) / 1000},
                             {"checks", attempt.checks},
                             {"last_check", attempt.last_check},
                             {"needs_attention_since", *attempt.needs_attention_since_ms / 1000}};
    item["provider_reference"] = attempt.provider_reference.empty()
                                     ? boost::json::value(nullptr)
                                     : boost::json::value(attempt.provider_reference);
    Result<store::Purchase> purchase = context.store().GetPurchase(attempt.purchase_id);
    if (purchase.ok()) {
      item["purchase_state"] = store::Name(purchase->state);
      item["currency"] = purchase->currency;
    }
    items.push_back(std::move(item));
  }
  MG_ASSIGN_OR_RETURN(std::vector<store::PayoutRecord> payouts,
                      context.store().ListPayoutsNeedingAttention(kLimit));
  boost::json::array payout_items;
  for (const store::PayoutRecord& payout : payouts) {
    payout_items.push_back(PayoutAttentionJson(payout, now));
  }
  return JsonResponse(boost::json::object{{"object", "list"},
                                          {"count", items.size()},
                                          {"attempts", std::move(items)},
                                          {"payouts", std::move(payout_items)}});
}

}  // namespace mg::api
