// marketgate audit: compares the store with the providers' own records for a
// time range and prints every drift (gateway/audit).
#include <chrono>
#include <cstdio>
#include <ostream>
#include <set>

#include "gateway/app/application.h"
#include "gateway/app/config.h"
#include "gateway/app/provider_check.h"
#include "gateway/audit/audit_report.h"
#include "gateway/audit/drift.h"
#include "gateway/audit/ledger_drift.h"
#include "gateway/audit/sandbox_ledger.h"
#include "gateway/audit/store_reader.h"
#include "gateway/cli/command_line.h"
#include "gateway/providers/provider_registry.h"
#include "gateway/store/open_store.h"
#include "gateway/store/store.h"

namespace mg::cli {
namespace {

constexpr char kCommand[] = "audit";

constexpr char kUsage[] =
    "Usage: marketgate audit --config FILE [--from TIME] [--to TIME]\n"
    "                        [--sandbox-ledger URL] [--settle-grace SECONDS]\n"
    "                        [--format text|json]\n"
    "\n"
    "Compares the purchases created in [--from, --to) in the config's store with\n"
    "the providers' own records of their payments and with the ledger, checks\n"
    "that the whole ledger balances, and prints every drift:\n"
    "  charge_without_purchase      a live provider charge whose purchase did not succeed\n"
    "  unreversed_duplicate_charge  a second live charge for a succeeded purchase\n"
    "  purchase_without_charge      a succeeded purchase whose charge is not captured\n"
    "  amount_mismatch, currency_mismatch   the kept charge differs from the purchase\n"
    "  refund_mismatch              succeeded or pending refunds disagree\n"
    "  coins_credited               coins credited other than once per success\n"
    "  not_final                    a purchase or refund still open after the grace\n"
    "  ledger_unbalanced            a ledger journal whose entries do not sum to zero\n"
    "  ledger_balance_drift         an account balance its ledger entries do not add up to\n"
    "  ledger_missing               a settled purchase or refund without its journal\n"
    "  ledger_coins_mismatch        a purchase journal crediting other coins than bought\n"
    "\n"
    "Providers' records: each configured provider's list of payments where its\n"
    "API has one (Stripe); with --sandbox-ledger, marketgate-sandbox's ledger for\n"
    "every provider whose base_url points at that sandbox (Stripe, Adyen, Pix).\n"
    "Providers whose records cannot be read are named as not checked.\n"
    "\n"
    "  --from TIME            RFC 3339 (2026-12-01T00:00:00Z) or unix seconds;\n"
    "                         default: 24 hours before --to\n"
    "  --to TIME              default: now\n"
    "  --sandbox-ledger URL   e.g. http://127.0.0.1:9090/_sandbox/ledger\n"
    "  --settle-grace SECONDS operations changed this recently may still be in\n"
    "                         flight and are not reported (default 900)\n"
    "  --format text|json     default text\n"
    "\n"
    "Exit status: 0 no drift and every provider read that could be, 1 drift found\n"
    "or a provider's records could not be read, 2 bad usage.\n";

// Provider charges are listed up to this long after --to: a purchase created
// just before the end of the range is charged just after it.
constexpr std::chrono::hours kChargeMargin{1};

std::optional<std::chrono::sys_seconds> ParseTime(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    return std::chrono::sys_seconds(std::chrono::seconds(std::stoll(text)));
  }
  // RFC 3339 in UTC, as the API writes times (no std::chrono::parse in GCC 12).
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%c", &y, &mo, &d, &h, &mi, &s, &tail) !=
      6) {
    return std::nullopt;
  }
  const std::chrono::year_month_day day{std::chrono::year(y), std::chrono::month(mo),
                                        std::chrono::day(d)};
  if (!day.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;
  return std::chrono::sys_days(day) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(s);
}

store::UnixMillis Millis(std::chrono::sys_seconds t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// "http://127.0.0.1:9090" of "http://127.0.0.1:9090/_sandbox/ledger".
std::string OriginOf(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

bool EmulatedBySandbox(const providers::ProviderConfig& p, const std::string& origin) {
  return (p.kind == "stripe" || p.kind == "adyen" || p.kind == "pix") &&
         (p.base_url == origin || p.base_url.starts_with(origin + "/"));
}

struct ProviderSide {
  std::vector<providers::ListedCharge> charges;
  std::set<std::string> covered;
  bool incomplete = false;
};

// The ledger's charges, each named by the configured instance of its kind
// that points at the sandbox.
Status ReadLedger(const std::string& url, const std::vector<providers::ProviderConfig>& configs,
                  audit::AuditReport& report, ProviderSide& side) {
  MG_ASSIGN_OR_RETURN(std::string body, audit::FetchSandboxLedger(url));
  MG_ASSIGN_OR_RETURN(std::vector<providers::ListedCharge> charges,
                      audit::ParseSandboxLedger(body));
  std::map<std::string, std::string> instance_of_kind;
  for (const providers::ProviderConfig& p : configs) {
    if (!EmulatedBySandbox(p, OriginOf(url))) continue;
    instance_of_kind[p.kind] = p.id;
    side.covered.insert(p.id);
    report.checked.push_back(p.id);
  }
  for (providers::ListedCharge& c : charges) {
    auto instance = instance_of_kind.find(c.provider);
    if (instance != instance_of_kind.end()) c.provider = instance->second;
    side.charges.push_back(std::move(c));
  }
  return Status::Ok();
}

Result<ProviderSide> ReadProviders(const app::GatewayConfig& config,
                                   const std::optional<std::string>& ledger_url,
                                   const providers::ChargeListRequest& range,
                                   audit::AuditReport& report) {
  const providers::ProviderRegistry registry = providers::ProviderRegistry::WithBuiltins();
  const std::vector<providers::ProviderConfig> configs = app::ProviderConfigsOf(config, registry);
  MG_ASSIGN_OR_RETURN(std::shared_ptr<const providers::ProviderSet> set, registry.Build(configs));
  ProviderSide side;
  if (ledger_url) MG_RETURN_IF_ERROR(ReadLedger(*ledger_url, configs, report, side));
  for (const providers::ProviderConfig& p : configs) {
    if (side.covered.count(p.id) > 0) continue;
    Result<std::vector<providers::ListedCharge>> listed = set->Find(p.id)->ListCharges(range);
    if (!listed.ok()) {
      report.unchecked[p.id] = listed.status().message();
      side.incomplete |= listed.status().code() != ErrorCode::kFailedPrecondition;
      continue;
    }
    side.covered.insert(p.id);
    report.checked.push_back(p.id);
    for (providers::ListedCharge& c : *listed) side.charges.push_back(std::move(c));
  }
  return side;
}

}  // namespace

int RunAudit(std::span<const std::string> args, CommandIo io) {
  std::string error;
  std::optional<Flags> flags = Flags::Parse(
      args, {"config", "from", "to", "sandbox-ledger", "settle-grace", "format"}, {}, error);
  if (!flags) return UsageError(io, kCommand, error);
  if (flags->help()) {
    io.out << kUsage;
    return kExitOk;
  }
  const std::string format = flags->Get("format").value_or("text");
  if (format != "text" && format != "json") {
    return UsageError(io, kCommand, "--format must be text or json");
  }
  std::optional<std::string> config_file = flags->Get("config");
  if (!config_file) return UsageError(io, kCommand, "--config FILE is required");
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::optional<std::chrono::sys_seconds> to =
      ParseTime(flags->Get("to").value_or(std::to_string(now.time_since_epoch().count())));
  std::optional<std::chrono::sys_seconds> from =
      to ? ParseTime(flags->Get("from").value_or(
               std::to_string((*to - std::chrono::hours(24)).time_since_epoch().count())))
         : std::nullopt;
  if (!from || !to || *from >= *to) {
    return UsageError(io, kCommand, "--from and --to must be times with --from before --to");
  }
  const std::string grace_text = flags->Get("settle-grace").value_or("900");
  if (grace_text.empty() || grace_text.find_first_not_of("0123456789") != std::string::npos) {
    return UsageError(io, kCommand, "--settle-grace must be a number of seconds");
  }

  Result<app::GatewayConfig> config = app::LoadGatewayConfig(*config_file);
  if (!config.ok()) {
    io.err << config.status().message() << "\n";
    return kExitFailed;
  }
  // Delivered events past store.retention are purged: in an older range,
  // credits would look missing that were only deleted.
  const auto events_kept_since = now - config->store.retention.delivered_events;
  if (*from < events_kept_since) {
    io.err << "marketgate audit: --from is older than the events kept (store.retention."
              "delivered_events_days: "
           << config->store.retention.delivered_events.count() / 24
           << "); audit a range that starts within it\n";
    return kExitFailed;
  }
  audit::AuditReport report;
  report.from_ms = Millis(*from);
  report.to_ms = Millis(*to);
  Result<ProviderSide> side =
      ReadProviders(*config, flags->Get("sandbox-ledger"), {*from, *to + kChargeMargin}, report);
  if (!side.ok()) {
    io.err << "audit: " << side.status().message() << "\n";
    return kExitFailed;
  }
  std::erase_if(side->charges, [&](const providers::ListedCharge& c) {
    return c.created_unix < from->time_since_epoch().count() ||
           c.created_unix >= (*to + kChargeMargin).time_since_epoch().count();
  });
  Result<std::unique_ptr<store::Store>> store = store::OpenStore(app::StoreConfigOf(config->store));
  if (!store.ok()) {
    io.err << "audit: " << store.status().message() << "\n";
    return kExitFailed;
  }
  std::set<std::string> referenced;
  for (const providers::ListedCharge& c : side->charges) {
    if (!c.merchant_reference.empty()) referenced.insert(c.merchant_reference);
  }
  Result<std::vector<audit::StoredPurchase>> purchases =
      audit::ReadStoredPurchases(**store, report.from_ms, report.to_ms, referenced);
  if (!purchases.ok()) {
    io.err << "audit: " << purchases.status().message() << "\n";
    return kExitFailed;
  }
  report.purchases = static_cast<int>(purchases->size());
  report.charges = static_cast<int>(side->charges.size());
  audit::AuditInput input{std::move(purchases).value(), std::move(side->charges), side->covered,
                          Millis(now), std::stoll(grace_text) * 1000};
  Result<store::LedgerCheck> ledger = (*store)->CheckLedger();
  if (!ledger.ok()) {
    io.err << "audit: " << ledger.status().message() << "\n";
    return kExitFailed;
  }
  report.ledger = *ledger;
  std::vector<audit::Drift> ledger_drift = audit::FindLedgerDrift(input.purchases, *ledger);
  report.findings = audit::FindDrift(input);
  report.findings.drift.insert(report.findings.drift.end(), ledger_drift.begin(),
                               ledger_drift.end());
  io.out << (format == "json" ? audit::RenderJson(report) : audit::RenderText(report));
  return report.findings.drift.empty() && !side->incomplete ? kExitOk : kExitFailed;
}

}  // namespace mg::cli
