// Provider kinds and the adapters built from config.
//
// A provider kind is a plug-in: one folder gateway/providers/<name>/ whose
// <name>_kind.cc returns a ProviderKind record, plus one line in the list of
// gateway/providers/src/registry.cc. The record says everything the rest of
// the gateway needs from the kind: how to build an adapter, which settings
// and secrets its config may hold, and how its webhooks are verified and
// which of their events decide a payment or a refund. Nothing outside the
// folder names a kind; the gateway asks the registry.
//
//   ProviderRegistry registry = ProviderRegistry::WithBuiltins();
//   registry.Add(MyTestKind());                       // tests: one line
//   Result<std::shared_ptr<const ProviderSet>> set = registry.Build(configs);
//   const PaymentProvider* stripe = (*set)->Find("stripe");
//
// Nothing registers itself statically: such registrations can be dropped by
// the linker from a static library.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/secret.h"
#include "base/status.h"
#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"
#include "gateway/providers/webhook_event.h"

namespace mg::providers {

// Configuration of one provider instance, validated by its factory.
struct ProviderConfig {
  std::string id{};        // unique instance id used by routing: "stripe", "stripe_eu"
  std::string kind{};      // a registered kind: "stripe", "adyen", "pix", "invoice", "sandbox"
  std::string base_url{};  // "https://api.stripe.com"; the sandbox's URL in tests
  Secret api_key{};        // Stripe secret key, Adyen X-API-Key, Pix static token
  // Kind-specific plain settings, named by ProviderKind::settings
  // ("merchant_account", "pix_key", "oauth_token_url", "client_id", ...).
  std::map<std::string, std::string> settings{};
  // Kind-specific secrets, named by ProviderKind::secrets ("client_secret",
  // "webhook_secret", "hmac_key").
  std::map<std::string, Secret> secrets{};
  outbound::HttpClientOptions http{};
  // Wall clock for dates the adapter computes (invoice due dates, Pix
  // expiry). Default: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock;
};

using ProviderFactory = Result<std::unique_ptr<PaymentProvider>> (*)(const ProviderConfig&);

// One webhook call as the kind's verifier sees it.
struct WebhookCall {
  std::string_view body;
  // The value of the kind's signature_header ("" when the call has none, or
  // when the kind signs inside the body).
  std::string_view signature;
  std::chrono::system_clock::time_point now;
  // How old a signature may be before it counts as a replay.
  std::chrono::seconds tolerance{300};
};

// Checks a call's signature against the endpoint's secret and reads its
// events. Errors: kUnauthenticated for a missing, malformed, wrong or stale
// signature; kInvalidArgument for a signed body that is not the kind's
// event format.
using WebhookVerifier = Result<std::vector<WebhookEvent>> (*)(const WebhookCall& call,
                                                              const Secret& secret);

// How an instance's webhooks prove where they come from.
enum class WebhookAuth {
  kSignature,          // a signature over the body with the endpoint's secret
  kClientCertificate,  // mutual TLS: the caller's verified client certificate
};

// How one instance's webhooks are authenticated.
struct WebhookAuthPolicy {
  WebhookAuth auth = WebhookAuth::kSignature;
  // kClientCertificate: the names a client certificate must carry (its
  // subject's common name or a DNS subjectAltName, one of these); empty:
  // any certificate the webhook listener's client CA verified.
  std::vector<std::string> client_names{};
};

// An instance's policy, read from its config. Errors (kInvalidArgument) name
// the field: "providers.<id>.settings.<name>".
using WebhookAuthSelector = Result<WebhookAuthPolicy> (*)(const ProviderConfig& config);

// Reads the events of a call that mutual TLS authenticated (no signature to
// check). Errors: kInvalidArgument for a body that is not the kind's format.
using WebhookParser = Result<std::vector<WebhookEvent>> (*)(std::string_view body);

struct ProviderKind {
  std::string name;                   // "stripe": the config's `kind`
  ProviderFactory factory = nullptr;  // REQUIRED
  // The names a config may use under `settings` and `secrets` for this
  // kind; any other name is a config error (a typo must not pass).
  std::set<std::string> settings;
  std::set<std::string> secrets;
  // When the config names no instance of this kind, one is built with the
  // kind's name as its id and no settings (the invoice adapter, which ad
  // bookings on payment terms use). Never a test double: those exist only
  // where a config names them.
  bool implicit_instance = false;
  // Whether customers pay through it (false for invoice terms). A live
  // market needs at least one payment method such a provider takes.
  bool customer_payments = true;

  // Webhooks; `verify_webhook` null: the kind sends none.
  WebhookVerifier verify_webhook = nullptr;
  // Which of `secrets` signs the webhooks ("webhook_secret", "hmac_key").
  std::string webhook_secret;
  // Another of `secrets`, optional, that also signs them: Stripe signs the
  // events of connected accounts (payouts) at its Connect endpoint with
  // that endpoint's own secret. Empty: the kind has one.
  std::string second_webhook_secret;
  // The request header that carries the signature; empty when it travels
  // inside the body (Adyen).
  std::string signature_header;
  // Kinds whose webhooks may come over mutual TLS instead (API Pix PSPs):
  // which way an instance's come, and how their events are read then. Null
  // `webhook_auth`: always by signature. REQUIRED together.
  WebhookAuthSelector webhook_auth = nullptr;
  WebhookParser parse_webhook = nullptr;
  // Event types (WebhookEvent::event_type) that carry a payment's outcome,
  // and those that carry a refund's. Other events are acknowledged and
  // change nothing.
  std::set<std::string> payment_events;
  std::set<std::string> refund_events;
  // Events that move a payment's money back to the cardholder by a dispute
  // (approved: the funds were taken; declined: they were given back).
  std::set<std::string> chargeback_events;
  // Events that carry a creator payout's outcome, naming our payout id
  // (WebhookEvent::merchant_reference).
  std::set<std::string> payout_events;

  bool DecidesPayment(const WebhookEvent& event) const;
  bool DecidesRefund(const WebhookEvent& event) const;
  bool DecidesChargeback(const WebhookEvent& event) const;
  bool DecidesPayout(const WebhookEvent& event) const;
};

// The adapters built from config; immutable and shared by every request.
class ProviderSet {
 public:
  // nullptr for an unknown id.
  const PaymentProvider* Find(std::string_view id) const;
  // The kind of instance `id`; nullptr for an unknown id.
  const ProviderKind* KindOf(std::string_view id) const;
  std::vector<std::string> ids() const;

 private:
  friend class ProviderRegistry;
  struct Instance {
    std::unique_ptr<PaymentProvider> adapter;
    std::shared_ptr<const ProviderKind> kind;
  };
  std::map<std::string, Instance, std::less<>> instances_;
};

class ProviderRegistry {
 public:
  // A registry holding every built-in kind (registry.cc).
  static ProviderRegistry WithBuiltins();

  // Registers a kind. A kind without a name or factory, or registered
  // twice, is a programming error and aborts.
  void Add(ProviderKind kind);
  // nullptr for an unknown kind. Shared: a kind outlives the registry in
  // whatever keeps it (webhook endpoints, provider sets).
  std::shared_ptr<const ProviderKind> Find(std::string_view kind) const;
  std::vector<std::string> kinds() const;

  // Checks one instance's config against its kind: the kind exists and
  // every setting and secret name is one the kind reads. Errors
  // (kInvalidArgument) name the field: "providers.<id>.settings.<name>".
  Status CheckConfig(const ProviderConfig& config) const;

  // Builds one adapter per entry, after CheckConfig. Fails on an unknown
  // kind, a duplicate or empty id, or a config its factory rejects (the
  // message names the id).
  Result<std::shared_ptr<const ProviderSet>> Build(
      const std::vector<ProviderConfig>& configs) const;

 private:
  std::map<std::string, std::shared_ptr<const ProviderKind>, std::less<>> kinds_;
};

}  // namespace mg::providers
