#include "gateway/app/provider_check.h"

#include <string>

namespace mg::app {
namespace {

std::string KnownKinds(const providers::ProviderRegistry& registry) {
  std::string out;
  for (const std::string& kind : registry.kinds()) out += (out.empty() ? "" : ", ") + kind;
  return out;
}

providers::ProviderConfig InstanceConfig(const std::string& id, const ProviderSettings& settings) {
  providers::ProviderConfig out;
  out.id = id;
  out.kind = settings.kind.empty() ? id : settings.kind;
  out.base_url = settings.base_url;
  out.api_key = settings.secret;
  out.settings = settings.settings;
  out.secrets = settings.secrets;
  return out;
}

// The mark of the field a CheckConfig error names ("providers.<id>.<rest>"),
// or of the whole entry.
SourceMark MarkOf(const std::string& id, const ProviderSettings& settings,
                  const std::string& param) {
  const std::string prefix = "providers." + id + ".";
  if (param.rfind(prefix, 0) == 0) {
    auto field = settings.marks.find(param.substr(prefix.size()));
    if (field != settings.marks.end()) return field->second;
  }
  auto entry = settings.marks.find("");
  return entry == settings.marks.end() ? SourceMark{} : entry->second;
}

// How the instance's webhooks are authenticated, when its kind lets the
// config choose: a valid choice, and a webhook listener for mutual TLS.
Status CheckWebhookAuth(const GatewayConfig& config, const providers::ProviderConfig& instance,
                        const providers::ProviderRegistry& registry) {
  std::shared_ptr<const providers::ProviderKind> kind = registry.Find(instance.kind);
  if (kind == nullptr || kind->webhook_auth == nullptr) return Status::Ok();
  MG_ASSIGN_OR_RETURN(providers::WebhookAuthPolicy policy, kind->webhook_auth(instance));
  if (policy.auth != providers::WebhookAuth::kClientCertificate || config.webhook_listen) {
    return Status::Ok();
  }
  return InvalidArgument(
      "its webhooks are authenticated by mutual TLS (settings.webhook_auth: mtls, the default "
      "for kind " +
          instance.kind +
          "), which needs the webhook listener: set webhook_listen and webhook_tls (cert, key, "
          "client_ca: the PSP's CA chain), docs/config.md",
      "providers." + instance.id);
}

}  // namespace

std::vector<LoadError> CheckProviderInstances(const GatewayConfig& config,
                                              const providers::ProviderRegistry& registry) {
  std::vector<LoadError> errors;
  for (const auto& [id, settings] : config.providers) {
    providers::ProviderConfig instance = InstanceConfig(id, settings);
    Status checked = registry.CheckConfig(instance);
    if (checked.ok()) checked = CheckWebhookAuth(config, instance, registry);
    if (checked.ok()) continue;
    SourceMark mark = MarkOf(id, settings, checked.param());
    errors.push_back(
        LoadError{config.source_file, mark.line, mark.column, checked.param(), checked.message()});
  }
  return errors;
}

std::vector<LoadError> CheckRoutedProviders(const regions::MarketSnapshot& snapshot,
                                            const GatewayConfig& config,
                                            const providers::ProviderRegistry& registry) {
  std::vector<LoadError> errors;
  for (const auto& [id, spec] : snapshot.providers().providers()) {
    if (config.providers.contains(id) || registry.Find(id) != nullptr) continue;
    errors.push_back(LoadError{
        spec.file, spec.line, spec.column, "providers[" + id + "].id",
        "no provider kind or configured provider instance '" + id +
            "': markets may route to it, but this gateway cannot build it (kinds: " +
            KnownKinds(registry) + "; declare an instance under `providers` in the config)"});
  }
  return errors;
}

std::vector<providers::ProviderConfig> ProviderConfigsOf(
    const GatewayConfig& config, const providers::ProviderRegistry& registry) {
  std::vector<providers::ProviderConfig> out;
  for (const auto& [id, settings] : config.providers) out.push_back(InstanceConfig(id, settings));
  for (const std::string& name : registry.kinds()) {
    if (!registry.Find(name)->implicit_instance || config.providers.contains(name)) continue;
    providers::ProviderConfig implicit;
    implicit.id = implicit.kind = name;
    out.push_back(std::move(implicit));
  }
  return out;
}

PaymentCoverage CheckPaymentCoverage(const regions::MarketSnapshot& snapshot,
                                     const GatewayConfig& config,
                                     const providers::ProviderRegistry& registry) {
  PaymentCoverage coverage;
  std::map<std::string, std::shared_ptr<const providers::ProviderKind>, std::less<>> instances;
  for (const providers::ProviderConfig& instance : ProviderConfigsOf(config, registry)) {
    instances[instance.id] = registry.Find(instance.kind);
  }
  const regions::ProviderFilter configured = [&instances](std::string_view id) {
    return instances.find(id) != instances.end();
  };
  for (const auto& [code, market] : snapshot.markets()) {
    bool customers_can_pay = false;
    for (const regions::PaymentMethod& method : market->payment_methods()) {
      if (!method.available) continue;  // the market's own choice, already explained
      std::optional<std::string> reason = regions::MethodUnavailableReason(method, configured);
      if (reason) {
        coverage.warnings.push_back(code + ": payment method '" + method.method +
                                    "' is unavailable: " + *reason);
        continue;
      }
      for (const regions::ProviderRoute& route : method.providers) {
        auto instance = instances.find(route.provider);
        customers_can_pay = customers_can_pay || (instance != instances.end() && instance->second &&
                                                  instance->second->customer_payments);
      }
    }
    if (market->status() == regions::MarketStatus::kLive && !customers_can_pay) {
      coverage.errors.push_back(LoadError{
          market->source_file(), 0, 0, "payment_methods",
          "live market " + code +
              " cannot take payments: no configured provider takes any of its payment methods "
              "(configure one under `providers`, docs/providers.md, or make the market planned)"});
    }
  }
  return coverage;
}

}  // namespace mg::app
