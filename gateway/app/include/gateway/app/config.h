// The gateway's configuration: `marketgate serve --config FILE` reads one YAML
// file (every field is documented in docs/config.md; deploy/marketgate.yaml is
// the sandbox sample).
//
// Loading is strict: an unknown field, a wrong type or an out-of-range value
// is an error naming file:line:col and the field, and every error in the file
// is reported at once. Bad startup config is fatal; nothing here runs on the
// request path. Relative paths (regions_dir, store.path, TLS files) are
// resolved against the directory of the config file, so the server can be
// started from any working directory.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/load_error.h"
#include "base/log.h"
#include "base/secret.h"
#include "base/status.h"
#include "gateway/http/auth.h"
#include "gateway/http/limits.h"
#include "gateway/http/rate_limiter.h"
#include "gateway/store/open_store.h"
#include "gateway/vat_check/registry_vat_id_checker.h"

namespace mg::app {

struct ListenAddress {
  std::string host;  // an IP address: "127.0.0.1", "0.0.0.0", "::1"
  unsigned short port = 0;

  // "127.0.0.1:8080", "[::1]:8080".
  std::string ToString() const;
};

// "HOST:PORT" with an IPv4 address, or "[IPv6]:PORT"; port 0-65535 (0: any
// free port). Errors: kInvalidArgument.
Result<ListenAddress> ParseListenAddress(std::string_view text);

struct TlsFiles {
  std::string cert;  // PEM certificate chain, leaf first
  std::string key;   // PEM private key
  // `webhook_tls` only (required there): PEM CA certificates that every
  // client certificate must chain to (the PSPs' published webhook CA chains).
  std::string client_ca{};
};

enum class StoreDriver { kSqlite, kPostgres };

struct StoreConfig {
  StoreDriver driver = StoreDriver::kSqlite;
  std::string path;  // sqlite: the database file
  Secret dsn;        // postgres: libpq connection string (may hold a password)
  // postgres: connections to the database, opened on demand up to this many
  // (store::PostgresConfig::pool_size). Default: 8.
  int pool_size = 8;
  // How long an unfinished request holds its Idempotency-Key before a retry
  // may take it over (store::StoreConfig::idempotency_lease).
  std::chrono::milliseconds idempotency_lease{60'000};
  // `store.retention`: how long what is not a record of money is kept
  // (store::StoreConfig), and how often the purge runs.
  struct Retention {
    std::chrono::hours idempotency_keys{24};
    std::chrono::hours webhook_events{24 * 30};
    std::chrono::hours delivered_events{24 * 90};
    std::chrono::milliseconds purge_interval{600'000};
  } retention;
};

// A receiver of the outgoing events (events::EventDispatcher).
struct EventSubscriberConfig {
  std::string url;
  Secret secret;  // signs each delivery (Marketgate-Signature)
};

// `events`: where the outbox's events go, and how often they are retried.
struct EventsConfig {
  std::vector<EventSubscriberConfig> subscribers;  // none: nothing is sent
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{3'600'000};
  std::chrono::milliseconds delivery_timeout{10'000};  // one POST to one subscriber
};

// `reconciliation`: settling provider calls a crash left in doubt
// (api::ReconcileOptions).
struct ReconciliationConfig {
  std::chrono::milliseconds interval{60'000};         // the first pass runs at start
  std::chrono::milliseconds min_age{60'000};          // must exceed the longest provider call
  std::chrono::milliseconds initial_backoff{30'000};  // before a second look
  std::chrono::milliseconds max_backoff{3'600'000};
  std::chrono::milliseconds escalate_after{86'400'000};  // then a person must look
  std::chrono::milliseconds abandon_after{600'000};      // a created purchase nothing charged
  // A purchase waiting for the shopper's action (3-D Secure, a redirect)
  // this long is abandoned: its payment is voided and it fails.
  std::chrono::milliseconds action_expiry{900'000};
};

// One payment provider instance, handed to the provider adapters.
struct ProviderSettings {
  std::string kind;      // adapter kind; default: the instance name
  std::string base_url;  // the provider's API base URL
  Secret secret;         // API key; from `secret` or the variable named by `secret_env`
  std::map<std::string, std::string> settings;  // adapter-specific plain settings
  std::map<std::string, Secret> secrets;        // adapter-specific secrets
  // Where the entry and its names are declared, for the checks made after
  // loading, against the provider kinds: "" (the entry), "kind",
  // "settings.<name>", "secrets.<name>".
  std::map<std::string, SourceMark> marks;
};

// Handler threads per I/O thread when `worker_threads` is 0.
inline constexpr int kWorkerThreadsPerIoThread = 32;

struct GatewayConfig {
  std::string source_file;
  ListenAddress listen{"127.0.0.1", 8080};
  // The admin listener (/admin/*, /metrics). nullopt (`admin_listen: public`):
  // those routes are served on the public listener instead.
  std::optional<ListenAddress> admin_listen = ListenAddress{"127.0.0.1", 8081};
  int threads = 0;         // I/O threads; 0: one per core
  int worker_threads = 0;  // handler threads; 0: kWorkerThreadsPerIoThread per I/O thread
  std::string regions_dir;
  // Where a 3-D Secure challenge or a redirect returns the shopper when a
  // purchase names no payment.return_url (an http(s) URL). Empty: such a
  // purchase must name one when it needs strong customer authentication.
  std::string default_return_url;
  StoreConfig store;
  std::vector<http::ApiKey> api_keys;
  std::map<std::string, ProviderSettings> providers;  // by instance name
  std::optional<TlsFiles> tls;                        // public listener; nullopt: plain HTTP
  std::optional<TlsFiles> admin_tls;                  // admin listener; nullopt: plain HTTP
  // The webhook listener: only POST /v1/webhooks/{provider}[/pix], over
  // mutual TLS (`webhook_tls`, with `client_ca`), for providers whose
  // webhooks a client certificate authenticates (API Pix PSPs). nullopt:
  // none. The loader requires both or neither, and checks that the files
  // load.
  std::optional<ListenAddress> webhook_listen;
  std::optional<TlsFiles> webhook_tls;
  http::HttpLimits limits;
  http::RateLimitConfig rate_limits;  // per API key, per instance; default: none
  LogLevel log_level = LogLevel::kInfo;
  EventsConfig events;
  ReconciliationConfig reconciliation;
  // `vat_check:` (docs/vat-check.md): VAT IDs confirmed by VIES and HMRC.
  // nullopt: the quotes check VAT IDs offline (syntax and check digits).
  std::optional<vat_check::RegistryCheckerOptions> vat_check;

  // `threads` and `worker_threads` with their defaults applied.
  int EffectiveIoThreads() const;
  int EffectiveWorkerThreads() const;
};

// Reads and validates a config file. Errors (kInvalidArgument): the file
// cannot be read or parsed, or any field is wrong; the message has one line
// per error: "deploy/marketgate.yaml:7:3: limits.max_body_bytes: ...".
// `errors`, when given, receives every error as a LoadError too.
Result<GatewayConfig> LoadGatewayConfig(const std::string& file,
                                        std::vector<LoadError>* errors = nullptr);

// The same for YAML text; `file` names it in errors and its directory
// resolves relative paths.
Result<GatewayConfig> ParseGatewayConfig(std::string_view yaml, const std::string& file,
                                         std::vector<LoadError>* errors = nullptr);

// What GET /admin/config shows of the config: listeners, threads, paths, the
// store driver, key names and scopes, provider names, limits. Never a
// secret, a DSN or a key hash.
boost::json::object ConfigSummaryJson(const GatewayConfig& config);

}  // namespace mg::app
