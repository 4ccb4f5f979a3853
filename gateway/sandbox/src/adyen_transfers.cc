// Adyen's Transfers API v4 (balance platform) for payouts, as the sandbox
// answers it (docs/sandbox.md, "Payouts"): POST /btl/v4/transfers and
// GET /btl/v4/transfers/{id}. The counterparty's transferInstrumentId
// decides what happens. As at Adyen, the answer says "received" and the
// outcome is read later; the sandbox decides it at once, so a GET already
// shows the final status.
#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdio>
#include <regex>

#include "adyen_internal.h"
#include "emulator_util.h"
#include "gateway/providers/json_fields.h"

namespace mg::sandbox::adyen_emulator {
namespace {

namespace json = boost::json;
namespace jf = providers::json_fields;

constexpr const char* kPrefix = "/btl/v4/transfers";

// The transfer instrument tokens: final status and reason.
struct Fate {
  const char* token;
  const char* answered;  // the status in the POST's answer
  const char* status;    // the status a GET shows
  const char* reason;
};
constexpr Fate kFates[] = {
    {"TI_sandbox_ok", "received", "credited", "approved"},
    {"TI_sandbox_refused", "refused", "refused", "notEnoughBalance"},
    {"TI_sandbox_returned", "received", "returned", "counterpartyAccountClosed"},
    {"TI_sandbox_timeout", "received", "credited", "approved"},
};

const Fate* FateOf(const std::string& instrument) {
  for (const Fate& f : kFates) {
    if (instrument == f.token) return &f;
  }
  return nullptr;
}

// The Transfers API's problem object.
SandboxResponse Problem(int status, const std::string& code, const std::string& title,
                        const std::string& detail) {
  return JsonResponse(
      status, json::serialize(json::object{{"type", "https://docs.adyen.com/errors/validation"},
                                           {"title", title},
                                           {"status", status},
                                           {"detail", detail},
                                           {"errorCode", code}}));
}

SandboxResponse Invalid(const std::string& detail) {
  return Problem(422, "30_001", "Invalid transfer information provided", detail);
}

json::object TransferJson(const PayoutEntry& t, const std::string& status,
                          const std::string& reason) {
  auto extra = [&t](const char* key) {
    auto it = t.extra.find(key);
    return it == t.extra.end() ? std::string() : it->second;
  };
  json::object out{
      {"id", t.id},
      {"amount", json::object{{"currency", t.currency}, {"value", t.amount}}},
      {"balanceAccount", json::object{{"id", extra("balance_account")}}},
      {"category", "bank"},
      {"categoryData", json::object{{"priority", extra("priority")}, {"type", "bank"}}},
      {"counterparty", json::object{{"transferInstrumentId", t.account}}},
      {"creationDate", Rfc3339(t.created)},
      {"direction", "outgoing"},
      {"reference", t.reference},
      {"referenceForBeneficiary", extra("reference_for_beneficiary")},
      {"status", status},
      {"reason", reason}};
  if (!extra("description").empty()) out["description"] = extra("description");
  return out;
}

SandboxResponse CreateTransfer(const SandboxRequest& req, EmulatorContext& ctx) {
  std::optional<json::value> doc = jf::Parse(req.body);
  const json::object* body = jf::Object(doc ? &*doc : nullptr);
  const json::object* amount = body ? jf::Object(*body, "amount") : nullptr;
  const json::object* counterparty = body ? jf::Object(*body, "counterparty") : nullptr;
  if (amount == nullptr || counterparty == nullptr) {
    return Invalid("amount and counterparty are required");
  }
  PayoutEntry t;
  t.kind = "adyen_transfer";
  t.amount = jf::Int(*amount, "value").value_or(0);
  t.currency = jf::String(*amount, "currency");
  if (t.amount <= 0) return Invalid("amount.value must be positive");
  if (t.currency.size() != 3 || !std::all_of(t.currency.begin(), t.currency.end(), ::isupper)) {
    return Invalid("amount.currency must be an ISO 4217 code");
  }
  if (jf::String(*body, "category") != "bank") return Invalid("the sandbox pays out to banks only");
  t.extra["priority"] = jf::String(*body, "priority");
  if (t.extra["priority"].empty()) return Invalid("priority is required for category bank");
  t.extra["balance_account"] = jf::String(*body, "balanceAccountId");
  if (t.extra["balance_account"].empty()) return Invalid("balanceAccountId is required");
  t.account = jf::String(*counterparty, "transferInstrumentId");
  const Fate* fate = FateOf(t.account);
  if (fate == nullptr) {
    return Problem(422, "30_112", "Invalid transfer information provided",
                   "Transfer instrument " + t.account + " does not exist");
  }
  t.reference = jf::String(*body, "reference");
  t.extra["reference_for_beneficiary"] = jf::String(*body, "referenceForBeneficiary");
  t.extra["description"] = jf::String(*body, "description");
  t.status = fate->status;
  t.failure_code = fate->reason;
  t.created = UnixNow();
  char id[17];
  std::snprintf(id, sizeof id, "SBXT%012lld", static_cast<long long>(ctx.ledger.NextSequence()));
  t.id = id;
  ctx.payouts.Add(t);
  SandboxResponse r = JsonResponse(
      202, json::serialize(TransferJson(t, fate->answered,
                                        fate->answered == t.status ? fate->reason : "pending")));
  if (t.account == std::string("TI_sandbox_timeout")) r.delay = ctx.config.timeout_delay;
  return r;
}

SandboxResponse GetTransfer(const std::string& id, EmulatorContext& ctx) {
  std::optional<PayoutEntry> t = ctx.payouts.Get(id);
  if (!t || t->kind != "adyen_transfer") {
    return Problem(404, "30_012", "Entity was not found", "Transfer " + id + " not found");
  }
  return JsonResponse(200, json::serialize(TransferJson(*t, t->status, t->failure_code)));
}

}  // namespace

bool IsTransferPath(const std::string& path) { return path.rfind(kPrefix, 0) == 0; }

SandboxResponse Transfers(const SandboxRequest& req, EmulatorContext& ctx) {
  static const std::regex kTransfer(R"(^/btl/v4/transfers/([A-Za-z0-9]+)$)");
  std::smatch m;
  if (req.method == "POST" && req.path == kPrefix) return CreateTransfer(req, ctx);
  if (req.method == "GET" && std::regex_match(req.path, m, kTransfer)) {
    return GetTransfer(m[1].str(), ctx);
  }
  return Problem(404, "000", "Not found", "No such transfers endpoint");
}

}  // namespace mg::sandbox::adyen_emulator
