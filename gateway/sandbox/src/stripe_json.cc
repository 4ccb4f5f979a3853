// Stripe's objects, errors, lists and events as the sandbox writes them
// (shapes from stripe/openapi's fixtures: charge, refund, list, event).
#include <boost/json.hpp>

#include "emulator_util.h"
#include "stripe_internal.h"

namespace mg::sandbox::stripe_emulator {
namespace {

json::object Metadata(const std::map<std::string, std::string>& extra) {
  json::object meta;
  for (const auto& [k, v] : extra) {
    if (k.rfind("metadata.", 0) == 0) meta[k.substr(9)] = v;
  }
  return meta;
}

json::value NullIfEmpty(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

}  // namespace

bool IsIntent(const Charge& c) { return c.id.rfind("pi_", 0) == 0; }

std::string Extra(const Charge& c, const std::string& key) {
  auto it = c.extra.find(key);
  return it == c.extra.end() ? "" : it->second;
}

SandboxResponse Error(int status, const std::string& type, const std::string& code,
                      const std::string& message, json::object extra) {
  json::object err{{"type", type}, {"message", message}};
  if (!code.empty()) err["code"] = code;
  for (auto& [k, v] : extra) err[k] = v;
  return JsonResponse(status, json::serialize(json::object{{"error", err}}));
}

SandboxResponse InProgress(const std::string& key) {
  return Error(409, "idempotency_error", "",
               "There is currently another in-progress request using this Idempotent Key: " + key +
                   " is currently being processed. Please try again later.");
}

const Refund* FindRefund(const Charge& c, const std::string& refund_id) {
  for (const Refund& r : c.refunds) {
    if (r.id == refund_id) return &r;
  }
  return nullptr;
}

json::object RefundJson(const Charge& c, const Refund& r) {
  const bool intent = IsIntent(c);
  json::object o{{"id", r.id},
                 {"object", "refund"},
                 {"amount", r.amount},
                 {"balance_transaction", nullptr},
                 {"charge", intent ? Extra(c, "latest_charge") : c.id},
                 {"created", r.created},
                 {"currency", Extra(c, "currency_lower")},
                 {"metadata", Metadata(r.extra)},
                 {"payment_intent", intent ? json::value(c.id) : json::value(nullptr)},
                 {"reason", r.extra.count("reason") ? json::value(r.extra.at("reason")) : nullptr},
                 {"status", r.status}};
  if (r.status == "failed") o["failure_reason"] = r.failure_reason;
  return o;
}

json::object ChargeJson(const Charge& c) {
  json::array refunds;  // newest first, as Stripe lists
  for (auto it = c.refunds.rbegin(); it != c.refunds.rend(); ++it) {
    refunds.push_back(RefundJson(c, *it));
  }
  std::size_t count = refunds.size();
  const std::string id = IsIntent(c) ? Extra(c, "latest_charge") : c.id;
  json::object o{{"id", id},
                 {"object", "charge"},
                 {"amount", c.amount},
                 {"amount_captured", c.amount_captured},
                 {"amount_refunded", c.amount_refunded},
                 {"created", c.created},
                 {"currency", Extra(c, "currency_lower")},
                 {"captured", c.captured},
                 {"livemode", false},
                 {"paid", c.status == "succeeded"},
                 {"refunded", c.amount_refunded > 0 && c.amount_refunded >= c.amount},
                 {"refunds", json::object{{"object", "list"},
                                          {"data", std::move(refunds)},
                                          {"has_more", false},
                                          {"total_count", count},
                                          {"url", "/v1/charges/" + id + "/refunds"}}},
                 {"status", c.status},
                 {"metadata", Metadata(c.extra)}};
  if (c.status == "failed") {
    o["failure_code"] = Extra(c, "failure_code");
    o["failure_message"] = "Your card was declined.";
    o["outcome"] = json::object{{"type", "issuer_declined"}, {"reason", Extra(c, "decline_code")}};
  }
  if (IsIntent(c)) {
    const std::string result = Extra(c, "three_d_secure");
    json::value tds = nullptr;
    if (!result.empty()) {
      tds = json::object{{"authentication_flow", result == "authenticated"
                                                     ? NullIfEmpty(Extra(c, "authentication_flow"))
                                                     : json::value(nullptr)},
                         {"exemption_indicator", nullptr},
                         {"result", result},
                         {"result_reason", nullptr},
                         {"version", "2.2.0"}};
    }
    o["payment_intent"] = c.id;
    o["payment_method"] = c.token;
    o["payment_method_details"] =
        json::object{{"type", "card"}, {"card", json::object{{"three_d_secure", tds}}}};
  }
  return o;
}

json::object IntentJson(const Charge& c, bool expand_charge) {
  const std::string status = Extra(c, "pi_status");
  const std::string latest = Extra(c, "latest_charge");
  json::value error = nullptr;
  if (!Extra(c, "error_code").empty()) {
    json::object e{{"type", Extra(c, "error_type")},
                   {"code", Extra(c, "error_code")},
                   {"message", Extra(c, "error_message")}};
    if (!Extra(c, "decline_code").empty()) e["decline_code"] = Extra(c, "decline_code");
    if (!latest.empty()) e["charge"] = latest;
    error = std::move(e);
  }
  json::value next = nullptr;
  if (status == "requires_action") {
    next = json::object{{"type", "redirect_to_url"},
                        {"redirect_to_url", json::object{{"url", Extra(c, "next_action_url")},
                                                         {"return_url", Extra(c, "return_url")}}}};
  }
  json::value charge = nullptr;
  if (!latest.empty()) charge = expand_charge ? json::value(ChargeJson(c)) : json::value(latest);
  return json::object{{"id", c.id},
                      {"object", "payment_intent"},
                      {"amount", c.amount},
                      {"amount_capturable", status == "requires_capture" ? c.amount : 0},
                      {"amount_received", c.captured ? c.amount_captured : 0},
                      {"cancellation_reason", NullIfEmpty(Extra(c, "cancellation_reason"))},
                      {"capture_method", Extra(c, "capture_method")},
                      {"client_secret", Extra(c, "client_secret")},
                      {"confirmation_method", "automatic"},
                      {"created", c.created},
                      {"currency", Extra(c, "currency_lower")},
                      {"description", NullIfEmpty(Extra(c, "description"))},
                      {"last_payment_error", std::move(error)},
                      {"latest_charge", std::move(charge)},
                      {"livemode", false},
                      {"metadata", Metadata(c.extra)},
                      {"next_action", std::move(next)},
                      {"payment_method", c.token},
                      {"payment_method_options",
                       json::object{{"card", json::object{{"request_three_d_secure",
                                                           Extra(c, "request_three_d_secure")}}}}},
                      {"payment_method_types", json::array{"card"}},
                      {"status", status}};
}

void SendEvent(EmulatorContext& ctx, const std::string& type, json::object object,
               const std::string& charge_id, const std::string& key) {
  if (!ctx.send_webhook || ctx.config.stripe_webhook_secret.empty()) return;
  int64_t seq = ctx.ledger.NextSequence();
  Webhook hook;
  hook.body = json::serialize(json::object{
      {"id", "evt_sbx_" + std::to_string(seq)},
      {"object", "event"},
      {"api_version", "2024-06-20"},
      {"created", UnixNow()},
      {"livemode", false},
      {"pending_webhooks", 1},
      {"request",
       json::object{{"id", nullptr},
                    {"idempotency_key", key.empty() ? json::value(nullptr) : json::value(key)}}},
      {"type", type},
      {"data", json::object{{"object", std::move(object)}}}});
  hook.due = std::chrono::steady_clock::now();
  hook.path = "/stripe";
  hook.group = charge_id;
  hook.label = "stripe " + type + " " + charge_id;
  SignLikeStripe(hook, "Stripe-Signature", ctx.config.stripe_webhook_secret);
  ctx.send_webhook(std::move(hook));
}

bool ListQuery::Covers(int64_t created) const {
  return (!gte || created >= *gte) && (!gt || created > *gt) && (!lte || created <= *lte) &&
         (!lt || created < *lt);
}

std::optional<ListQuery> ParseListQuery(const std::string& query, SandboxResponse* error) {
  ListQuery q;
  q.form = ParseForm(query);
  auto bad = [error](const std::string& param, const std::string& message) {
    *error = Error(400, "invalid_request_error", "parameter_invalid_integer", message,
                   json::object{{"param", param}});
    return std::nullopt;
  };
  if (auto it = q.form.find("limit"); it != q.form.end()) {
    std::optional<int64_t> limit = ParseCount(it->second);
    if (!limit || *limit < 1 || *limit > 100) {
      return bad("limit", "Limit must be an integer between 1 and 100");
    }
    q.limit = *limit;
  }
  for (auto [name, field] : {std::pair{"created[gte]", &q.gte}, std::pair{"created[gt]", &q.gt},
                             std::pair{"created[lte]", &q.lte}, std::pair{"created[lt]", &q.lt}}) {
    auto it = q.form.find(name);
    if (it == q.form.end()) continue;
    std::optional<int64_t> t = ParseCount(it->second);
    if (!t) return bad(name, std::string("Invalid integer: ") + it->second);
    *field = *t;
  }
  q.starting_after = q.form["starting_after"];
  return q;
}

SandboxResponse ListResponse(const std::string& url, json::array data, bool has_more) {
  return JsonResponse(
      200,
      json::serialize(json::object{
          {"object", "list"}, {"url", url}, {"has_more", has_more}, {"data", std::move(data)}}));
}

}  // namespace mg::sandbox::stripe_emulator
