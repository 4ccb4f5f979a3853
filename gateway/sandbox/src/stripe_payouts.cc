// Stripe Connect payouts, as the sandbox answers them (docs/sandbox.md,
// "Payouts"): POST/GET /v1/transfers to a connected account, and
// POST/GET /v1/payouts made as that account (Stripe-Account). What happens
// is decided by the connected account's token; the sandbox pays at once,
// so a payout is final when created.
#include <algorithm>
#include <cctype>
#include <regex>

#include "emulator_util.h"
#include "stripe_internal.h"

namespace mg::sandbox::stripe_emulator {
namespace {

// The destination tokens (docs/sandbox.md).
constexpr const char* kPaid = "acct_sandbox_ok";
constexpr const char* kInTransit = "acct_sandbox_payout_pending";
constexpr const char* kFails = "acct_sandbox_payout_fails";
constexpr const char* kTimeout = "acct_sandbox_payout_timeout";
constexpr const char* kTransferRefused = "acct_sandbox_transfer_refused";

bool KnownAccount(const std::string& account) {
  for (const char* token : {kPaid, kInTransit, kFails, kTimeout, kTransferRefused}) {
    if (account == token) return true;
  }
  return false;
}

json::value OrNull(const std::string& s) { return s.empty() ? json::value() : json::value(s); }

json::object MetadataOf(const PayoutEntry& e) {
  json::object meta;
  for (const auto& [k, v] : e.extra) {
    if (k.rfind("metadata.", 0) == 0) meta[k.substr(9)] = v;
  }
  return meta;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

json::object TransferJson(const PayoutEntry& t) {
  auto description = t.extra.find("description");
  return json::object{
      {"id", t.id},
      {"object", "transfer"},
      {"amount", t.amount},
      {"amount_reversed", 0},
      {"created", t.created},
      {"currency", Lower(t.currency)},
      {"description",
       description == t.extra.end() ? json::value() : json::value(description->second)},
      {"destination", t.account},
      {"livemode", false},
      {"metadata", MetadataOf(t)},
      {"reversed", false},
      {"transfer_group", OrNull(t.reference)}};
}

json::object PayoutJson(const PayoutEntry& p) {
  return json::object{{"id", p.id},
                      {"object", "payout"},
                      {"amount", p.amount},
                      {"arrival_date", p.created},
                      {"automatic", false},
                      {"created", p.created},
                      {"currency", Lower(p.currency)},
                      {"destination", "ba_sbx_" + p.account.substr(5)},
                      {"failure_code", OrNull(p.failure_code)},
                      {"failure_message", OrNull(p.failure_message)},
                      {"livemode", false},
                      {"metadata", MetadataOf(p)},
                      {"method", "standard"},
                      {"status", p.status},
                      {"type", "bank_account"}};
}

// amount (a positive integer) and currency (three letters), or an error.
std::optional<SandboxResponse> ReadAmount(std::map<std::string, std::string>& form,
                                          PayoutEntry& entry) {
  std::optional<int64_t> amount = ParseCount(form["amount"]);
  if (!amount || *amount <= 0) {
    return Error(400, "invalid_request_error", "parameter_invalid_integer",
                 "Invalid positive integer", json::object{{"param", "amount"}});
  }
  const std::string& currency = form["currency"];
  if (currency.size() != 3 || !std::all_of(currency.begin(), currency.end(), ::islower)) {
    return Error(400, "invalid_request_error", "parameter_invalid_empty",
                 "Invalid currency: " + currency, json::object{{"param", "currency"}});
  }
  entry.amount = *amount;
  for (char c : currency) entry.currency += static_cast<char>(std::toupper(c));
  for (const auto& [k, v] : form) {
    if (k.rfind("metadata[", 0) == 0 && k.back() == ']') {
      entry.extra["metadata." + k.substr(9, k.size() - 10)] = v;
    }
  }
  return std::nullopt;
}

SandboxResponse NoSuchPayout(const std::string& id) {
  return Error(404, "invalid_request_error", "resource_missing", "No such payout: '" + id + "'",
               json::object{{"param", "id"}});
}

SandboxResponse CreateTransfer(const SandboxRequest& req, EmulatorContext& ctx) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  PayoutEntry t;
  t.kind = "stripe_transfer";
  if (std::optional<SandboxResponse> bad = ReadAmount(form, t)) return *bad;
  t.account = form["destination"];
  if (!KnownAccount(t.account)) {
    return Error(400, "invalid_request_error", "resource_missing",
                 "No such destination: '" + t.account + "'",
                 json::object{{"param", "destination"}});
  }
  if (t.account == kTransferRefused) {
    return Error(400, "invalid_request_error", "balance_insufficient",
                 "You have insufficient available funds in your Stripe account.");
  }
  t.reference = form["transfer_group"];
  if (!form["description"].empty()) t.extra["description"] = form["description"];
  t.status = "transferred";
  t.created = UnixNow();
  t.id = "tr_sbx_" + std::to_string(ctx.ledger.NextSequence());
  ctx.payouts.Add(t);
  ctx.payouts.Credit(t.account, t.currency, t.amount);
  return JsonResponse(200, json::serialize(TransferJson(t)));
}

SandboxResponse CreatePayout(const SandboxRequest& req, EmulatorContext& ctx) {
  std::map<std::string, std::string> form = ParseForm(req.body);
  PayoutEntry p;
  p.kind = "stripe_payout";
  p.account = req.Header("stripe-account");
  if (!KnownAccount(p.account)) {
    return Error(400, "invalid_request_error", "account_invalid",
                 "The sandbox pays out from its connected accounts only: send Stripe-Account "
                 "with an acct_sandbox_ token");
  }
  if (std::optional<SandboxResponse> bad = ReadAmount(form, p)) return *bad;
  if (!ctx.payouts.Debit(p.account, p.currency, p.amount)) {
    return Error(400, "invalid_request_error", "balance_insufficient",
                 "You have insufficient funds in your Stripe account for this payout.");
  }
  p.reference = p.extra["metadata.payout_id"];
  p.created = UnixNow();
  p.id = "po_sbx_" + std::to_string(ctx.ledger.NextSequence());
  if (p.account == kFails) {
    p.status = "failed";
    p.failure_code = "account_closed";
    p.failure_message = "The bank account has been closed.";
    ctx.payouts.Credit(p.account, p.currency, p.amount);  // Stripe returns the funds
  } else {
    p.status = p.account == kInTransit ? "in_transit" : "paid";
  }
  ctx.payouts.Add(p);
  SandboxResponse r = JsonResponse(200, json::serialize(PayoutJson(p)));
  if (p.account == kTimeout) r.delay = ctx.config.timeout_delay;
  return r;
}

SandboxResponse RetrievePayout(const std::string& id, const SandboxRequest& req,
                               EmulatorContext& ctx) {
  std::optional<PayoutEntry> p = ctx.payouts.Get(id);
  // Another account's payout does not exist for this one.
  if (!p || p->kind != "stripe_payout" || p->account != req.Header("stripe-account")) {
    return NoSuchPayout(id);
  }
  return JsonResponse(200, json::serialize(PayoutJson(*p)));
}

// GET /v1/transfers (transfer_group, destination) and, as an account,
// GET /v1/payouts: newest first, limit and starting_after as Stripe pages.
SandboxResponse List(const SandboxRequest& req, EmulatorContext& ctx, bool transfers) {
  SandboxResponse error;
  std::optional<ListQuery> q = ParseListQuery(req.query, &error);
  if (!q) return error;
  const std::string kind = transfers ? "stripe_transfer" : "stripe_payout";
  const std::string account = transfers ? q->form["destination"] : req.Header("stripe-account");
  const std::string group = transfers ? q->form["transfer_group"] : "";
  json::array data;
  bool has_more = false;
  bool started = q->starting_after.empty();
  ctx.payouts.Visit([&](const PayoutEntry& e) {
    if (e.kind != kind || (!account.empty() && e.account != account) ||
        (!group.empty() && e.reference != group) || !q->Covers(e.created)) {
      return true;
    }
    if (!started) {
      started = e.id == q->starting_after;
      return true;
    }
    if (static_cast<int64_t>(data.size()) == q->limit) {
      has_more = true;
      return false;
    }
    data.push_back(transfers ? TransferJson(e) : PayoutJson(e));
    return true;
  });
  if (!started) {
    return Error(400, "invalid_request_error", "resource_missing",
                 "No such object: '" + q->starting_after + "'",
                 json::object{{"param", "starting_after"}});
  }
  return ListResponse(transfers ? "/v1/transfers" : "/v1/payouts", std::move(data), has_more);
}

}  // namespace

bool IsPayoutPath(const std::string& path) {
  return path.rfind("/v1/transfers", 0) == 0 || path.rfind("/v1/payouts", 0) == 0;
}

SandboxResponse RoutePayouts(const SandboxRequest& req, EmulatorContext& ctx) {
  static const std::regex kPayout(R"(^/v1/payouts/([A-Za-z0-9_]+)$)");
  std::smatch m;
  if (req.method == "POST" && req.path == "/v1/transfers") return CreateTransfer(req, ctx);
  if (req.method == "POST" && req.path == "/v1/payouts") return CreatePayout(req, ctx);
  if (req.method == "GET" && req.path == "/v1/transfers") return List(req, ctx, true);
  if (req.method == "GET" && req.path == "/v1/payouts") return List(req, ctx, false);
  if (req.method == "GET" && std::regex_match(req.path, m, kPayout)) {
    return RetrievePayout(m[1].str(), req, ctx);
  }
  return Error(404, "invalid_request_error", "", "Unrecognized request URL");
}

}  // namespace mg::sandbox::stripe_emulator
