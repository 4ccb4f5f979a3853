#include "gateway/providers/provider_registry.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace mg::providers {
namespace {

std::string JoinNames(const std::set<std::string>& names) {
  if (names.empty()) return "none";
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// `section` is "settings" or "secrets"; `what` names one of them.
Status CheckNames(const std::string& id, const char* section, const char* what,
                  const std::vector<std::string>& given, const std::set<std::string>& known) {
  for (const std::string& name : given) {
    if (known.contains(name)) continue;
    return InvalidArgument("provider '" + id + "': unknown " + what + " '" + name +
                               "' (known: " + JoinNames(known) + ")",
                           "providers." + id + "." + section + "." + name);
  }
  return Status::Ok();
}

template <typename Map>
std::vector<std::string> KeysOf(const Map& map) {
  std::vector<std::string> out;
  for (const auto& [key, value] : map) out.push_back(key);
  return out;
}

}  // namespace

bool ProviderKind::DecidesPayment(const WebhookEvent& event) const {
  return !event.provider_reference.empty() && payment_events.contains(event.event_type);
}

bool ProviderKind::DecidesRefund(const WebhookEvent& event) const {
  return !event.provider_reference.empty() && refund_events.contains(event.event_type);
}

bool ProviderKind::DecidesPayout(const WebhookEvent& event) const {
  return !event.provider_reference.empty() && !event.merchant_reference.empty() &&
         (event.outcome == Outcome::kApproved || event.outcome == Outcome::kDeclined) &&
         payout_events.contains(event.event_type);
}

bool ProviderKind::DecidesChargeback(const WebhookEvent& event) const {
  return !event.provider_reference.empty() && !event.disputed_reference.empty() &&
         (event.outcome == Outcome::kApproved || event.outcome == Outcome::kDeclined) &&
         chargeback_events.contains(event.event_type);
}

const PaymentProvider* ProviderSet::Find(std::string_view id) const {
  auto it = instances_.find(id);
  return it == instances_.end() ? nullptr : it->second.adapter.get();
}

const ProviderKind* ProviderSet::KindOf(std::string_view id) const {
  auto it = instances_.find(id);
  return it == instances_.end() ? nullptr : it->second.kind.get();
}

std::vector<std::string> ProviderSet::ids() const { return KeysOf(instances_); }

void ProviderRegistry::Add(ProviderKind kind) {
  std::string name = kind.name;
  if (name.empty() || kind.factory == nullptr ||
      !kinds_.emplace(name, std::make_shared<const ProviderKind>(std::move(kind))).second) {
    std::fprintf(stderr, "ProviderRegistry: kind '%s' registered twice or without factory\n",
                 name.c_str());
    std::abort();
  }
}

std::shared_ptr<const ProviderKind> ProviderRegistry::Find(std::string_view kind) const {
  auto it = kinds_.find(kind);
  return it == kinds_.end() ? nullptr : it->second;
}

std::vector<std::string> ProviderRegistry::kinds() const { return KeysOf(kinds_); }

Status ProviderRegistry::CheckConfig(const ProviderConfig& config) const {
  if (config.id.empty()) return InvalidArgument("provider id is required", "providers[].id");
  std::shared_ptr<const ProviderKind> kind = Find(config.kind);
  if (kind == nullptr) {
    std::string known;
    for (const std::string& name : kinds()) known += (known.empty() ? "" : ", ") + name;
    return InvalidArgument(
        "provider '" + config.id + "': unknown kind '" + config.kind + "' (known: " + known + ")",
        "providers." + config.id + ".kind");
  }
  MG_RETURN_IF_ERROR(
      CheckNames(config.id, "settings", "setting", KeysOf(config.settings), kind->settings));
  return CheckNames(config.id, "secrets", "secret", KeysOf(config.secrets), kind->secrets);
}

Result<std::shared_ptr<const ProviderSet>> ProviderRegistry::Build(
    const std::vector<ProviderConfig>& configs) const {
  auto set = std::make_shared<ProviderSet>();
  for (const ProviderConfig& config : configs) {
    MG_RETURN_IF_ERROR(CheckConfig(config));
    if (set->instances_.contains(config.id)) {
      return InvalidArgument("provider id '" + config.id + "' declared twice",
                             "providers." + config.id);
    }
    const std::shared_ptr<const ProviderKind>& kind = kinds_.find(config.kind)->second;
    Result<std::unique_ptr<PaymentProvider>> provider = kind->factory(config);
    if (!provider.ok()) {
      mg::Status status = provider.status();
      return mg::Status(
          status.code(), "provider '" + config.id + "': " + status.message(),
          "providers." + config.id + (status.param().empty() ? "" : "." + status.param()));
    }
    set->instances_.emplace(config.id, ProviderSet::Instance{std::move(provider).value(), kind});
  }
  return std::shared_ptr<const ProviderSet>(std::move(set));
}

}  // namespace mg::providers
