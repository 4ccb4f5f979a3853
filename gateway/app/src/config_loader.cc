#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/crypto.h"
#include "base/yaml_reader.h"
#include "config_fields.h"
#include "config_limits_reader.h"
#include "config_vat_check.h"
#include "gateway/app/config.h"
#include "gateway/http/tls.h"
#include "gateway/store/open_store.h"

namespace mg::app {
namespace {

SourceMark MarkOf(const YAML::Node& node) {
  if (!node.IsDefined() || node.Mark().line < 0) return {};
  return SourceMark{node.Mark().line + 1, node.Mark().column + 1};
}

// Reads one config file into a GatewayConfig, reporting into `sink`.
class ConfigReader {
 public:
  ConfigReader(const std::string& file, ErrorSink& sink)
      : file_(file), sink_(sink), base_dir_(std::filesystem::path(file).parent_path()) {}

  GatewayConfig Read(const YAML::Node& root) {
    GatewayConfig config;
    config.source_file = file_;
    FieldReader reader(root, NodeContext{&file_, "", &sink_});
    if (!reader.valid()) return config;
    if (auto listen = Listen(reader, "listen", /*required=*/true)) config.listen = *listen;
    ReadAdminListen(reader, config);
    config.threads = ReadIntInRange(reader, "threads", 0, 0, 256);
    config.worker_threads = ReadIntInRange(reader, "worker_threads", 0, 0, 1024);
    if (auto dir = reader.RequiredString("regions_dir")) config.regions_dir = Path(*dir);
    ReadReturnUrl(reader, config);
    ReadStore(reader, config.store);
    ReadApiKeys(reader, config.api_keys);
    ReadProviders(reader, config.providers);
    ReadEvents(reader, config.events);
    ReadReconciliation(reader, config.reconciliation);
    config.vat_check = ReadVatCheck(reader, base_dir_);
    config.tls = Tls(reader, "tls");
    config.admin_tls = Tls(reader, "admin_tls");
    ReadWebhookListener(reader, config);
    ReadHttpLimits(reader, config.limits);
    ReadRateLimits(reader, config.api_keys, config.rate_limits);
    if (auto level = reader.OptionalEnum("log_level", {"debug", "info", "warning", "error"})) {
      config.log_level = *ParseLogLevel(*level);
    }
    reader.Finish();
    return config;
  }

 private:
  std::string Path(const std::string& path) const {
    std::filesystem::path p(path);
    if (p.is_absolute() || path.empty()) return path;
    return (base_dir_ / p).lexically_normal().string();
  }

  std::optional<ListenAddress> Listen(FieldReader& reader, const std::string& key, bool required) {
    std::optional<std::string> text =
        required ? reader.RequiredString(key) : reader.OptionalString(key);
    if (!text) return std::nullopt;
    Result<ListenAddress> address = ParseListenAddress(*text);
    if (!address.ok()) {
      reader.context().Child(key).Error(reader.Get(key), address.status().message());
      return std::nullopt;
    }
    return *address;
  }

  void ReadAdminListen(FieldReader& reader, GatewayConfig& config) {
    if (!reader.Has("admin_listen")) {
      reader.Get("admin_listen");  // known even when absent
      return;
    }
    if (reader.Get("admin_listen").IsScalar() && reader.Get("admin_listen").Scalar() == "public") {
      config.admin_listen.reset();
      return;
    }
    if (auto admin = Listen(reader, "admin_listen", false)) config.admin_listen = *admin;
  }

  void ReadStore(FieldReader& parent, StoreConfig& store) {
    YAML::Node node = parent.Get("store");
    NodeContext context = parent.context().Child("store");
    if (!node.IsDefined()) return context.Error(parent.node(), "required field 'store' is missing");
    FieldReader reader(node, context);
    if (!reader.valid()) return;
    std::optional<std::string> driver = reader.RequiredEnum("driver", {"sqlite", "postgres"});
    std::optional<std::string> path = reader.OptionalString("path");
    std::optional<std::string> dsn = reader.OptionalString("dsn");
    if (driver == "sqlite") {
      store.driver = StoreDriver::kSqlite;
      if (!path) context.Error(node, "driver sqlite needs 'path'");
      if (dsn)
        context.Child("dsn").Error(reader.Get("dsn"), "only the postgres driver takes 'dsn'");
      if (path) store.path = Path(*path);
    } else if (driver == "postgres") {
      store.driver = StoreDriver::kPostgres;
      if (!dsn) context.Error(node, "driver postgres needs 'dsn'");
      if (path) {
        context.Child("path").Error(reader.Get("path"), "only the sqlite driver takes 'path'");
      }
      if (dsn) store.dsn = Secret(*dsn);
      store.pool_size = ReadIntInRange(reader, "pool_size", store.pool_size, 1, 256);
    }
    if (driver == "sqlite" && reader.Get("pool_size").IsDefined()) {
      context.Child("pool_size")
          .Error(reader.Get("pool_size"), "only the postgres driver takes 'pool_size'");
    }
    ReadMillis(reader, "idempotency_lease_ms", store.idempotency_lease, 100);
    ReadRetention(reader, store.retention);
    reader.Finish();
  }

  // `store.retention`. The minimums are promises made elsewhere: a key
  // replays for 24 h (docs/openapi.yaml, Idempotency); Stripe retries a
  // webhook for up to 3 days.
  void ReadRetention(FieldReader& parent, StoreConfig::Retention& retention) {
    std::optional<FieldReader> section = OptionalSection(parent, "retention");
    if (!section) return;
    FieldReader& reader = *section;
    constexpr int64_t kTenYearsInHours = 24 * 3660;
    auto hours = [&](const std::string& key, std::chrono::hours& field, int64_t per_unit,
                     int64_t min) {
      field = std::chrono::hours(
          per_unit * ReadIntInRange(reader, key, static_cast<int>(field.count() / per_unit), min,
                                    kTenYearsInHours / per_unit));
    };
    hours("idempotency_keys_hours", retention.idempotency_keys, 1, 24);
    hours("webhook_events_days", retention.webhook_events, 24, 3);
    hours("delivered_events_days", retention.delivered_events, 24, 1);
    ReadMillis(reader, "purge_interval_ms", retention.purge_interval, 1000);
    reader.Finish();
  }

  void ReadApiKeys(FieldReader& parent, std::vector<http::ApiKey>& keys) {
    parent.ForEachItem("api_keys", [&](const YAML::Node& node, NodeContext context) {
      FieldReader reader(node, context);
      if (!reader.valid()) return;
      http::ApiKey key;
      bool ok = true;
      if (auto name = reader.RequiredString("name")) {
        key.name = *name;
        for (const auto& other : keys) {
          if (other.name == key.name) {
            context.Child("name").Error(reader.Get("name"),
                                        "duplicate key name '" + key.name + "'");
          }
        }
      } else {
        ok = false;
      }
      if (auto hex = reader.RequiredString("sha256")) {
        if (auto digest = mg::ParseSha256Hex(*hex)) {
          key.sha256 = *digest;
          for (const auto& other : keys) {
            if (other.sha256 == key.sha256) {
              context.Child("sha256").Error(reader.Get("sha256"),
                                            "same key hash as '" + other.name + "'");
            }
          }
        } else {
          context.Child("sha256").Error(
              reader.Get("sha256"),
              "expected the SHA-256 of the key as 64 hex digits (printf %s KEY | sha256sum)");
          ok = false;
        }
      } else {
        ok = false;
      }
      ReadScopes(reader, context, key);
      key.account = reader.OptionalString("account").value_or("");
      reader.Finish();
      if (ok) keys.push_back(std::move(key));
    });
  }

  void ReadScopes(FieldReader& reader, const NodeContext& context, http::ApiKey& key) {
    if (!reader.Has("scopes")) {
      reader.Get("scopes");
      return context.Error(reader.node(), "required field 'scopes' is missing");
    }
    std::optional<std::vector<std::string>> scopes = reader.OptionalStringList("scopes");
    if (!scopes) return;
    if (scopes->empty()) {
      context.Child("scopes").Error(reader.Get("scopes"), "a key needs at least one scope");
    }
    for (const std::string& name : *scopes) {
      if (auto scope = http::ParseScope(name)) {
        key.scopes.Add(*scope);
      } else {
        context.Child("scopes").Error(reader.Get("scopes"), "unknown scope '" + name +
                                                                "' (known: read, purchases, ads, "
                                                                "admin)");
      }
    }
  }

  void ReadProviders(FieldReader& parent, std::map<std::string, ProviderSettings>& providers) {
    parent.ForEachEntry(
        "providers", [&](const std::string& name, const YAML::Node& node, NodeContext context) {
          FieldReader reader(node, context);
          if (!reader.valid()) return;
          ProviderSettings provider;
          provider.marks[""] = MarkOf(node);
          provider.kind = reader.OptionalString("kind").value_or(name);
          if (reader.Has("kind")) provider.marks["kind"] = MarkOf(reader.Get("kind"));
          provider.base_url = reader.OptionalString("base_url").value_or("");
          provider.secret = ReadSecret(reader, context, node);
          reader.ForEachEntry("settings", [&](const std::string& key, const YAML::Node& value,
                                              NodeContext value_context) {
            if (!value.IsScalar()) return value_context.Error(value, "expected a string");
            provider.settings[key] = value.Scalar();
            provider.marks["settings." + key] = MarkOf(value);
          });
          reader.ForEachEntry("secrets", [&](const std::string& key, const YAML::Node& value,
                                             NodeContext value_context) {
            if (!value.IsScalar()) return value_context.Error(value, "expected a string");
            provider.secrets[key] = Secret(value.Scalar());
            provider.marks["secrets." + key] = MarkOf(value);
          });
          reader.Finish();
          providers[name] = std::move(provider);
        });
  }

  // `secret` or `secret_env` (the name of an environment variable).
  Secret ReadSecret(FieldReader& reader, const NodeContext& context, const YAML::Node& node) {
    std::optional<std::string> secret = reader.OptionalString("secret");
    std::optional<std::string> secret_env = reader.OptionalString("secret_env");
    if (secret && secret_env) {
      context.Error(node, "give either 'secret' or 'secret_env', not both");
    } else if (secret) {
      return Secret(*secret);
    } else if (secret_env) {
      const char* value = std::getenv(secret_env->c_str());
      if (value != nullptr) return Secret(value);
      context.Child("secret_env")
          .Error(reader.Get("secret_env"), "environment variable '" + *secret_env + "' is not set");
    }
    return Secret();
  }

  void ReadEvents(FieldReader& parent, EventsConfig& events) {
    std::optional<FieldReader> section = OptionalSection(parent, "events");
    if (!section) return;
    FieldReader& reader = *section;
    reader.ForEachItem("subscribers", [&](const YAML::Node& item, NodeContext context) {
      FieldReader subscriber(item, context);
      if (!subscriber.valid()) return;
      EventSubscriberConfig out;
      std::optional<std::string> url = subscriber.RequiredString("url");
      if (url && url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0) {
        context.Child("url").Error(subscriber.Get("url"), "expected an http:// or https:// URL");
      }
      out.secret = ReadSecret(subscriber, context, item);
      if (out.secret.empty()) context.Error(item, "a subscriber needs 'secret' or 'secret_env'");
      subscriber.Finish();
      if (url) out.url = *url;
      events.subscribers.push_back(std::move(out));
    });
    ReadMillis(reader, "poll_interval_ms", events.poll_interval, 10);
    ReadMillis(reader, "initial_backoff_ms", events.initial_backoff, 1);
    ReadMillis(reader, "max_backoff_ms", events.max_backoff, 1);
    ReadMillis(reader, "delivery_timeout_ms", events.delivery_timeout, 1);
    reader.Finish();
  }

  void ReadReturnUrl(FieldReader& reader, GatewayConfig& config) {
    std::optional<std::string> url = reader.OptionalString("default_return_url");
    if (!url) return;
    if (url->rfind("https://", 0) != 0 && url->rfind("http://", 0) != 0) {
      reader.context()
          .Child("default_return_url")
          .Error(reader.Get("default_return_url"), "must be an http:// or https:// URL");
      return;
    }
    config.default_return_url = *url;
  }

  void ReadReconciliation(FieldReader& parent, ReconciliationConfig& reconciliation) {
    std::optional<FieldReader> section = OptionalSection(parent, "reconciliation");
    if (!section) return;
    FieldReader& reader = *section;
    ReadMillis(reader, "interval_ms", reconciliation.interval, 1000);
    // At least a second: 0 would ask providers about calls still in flight.
    ReadMillis(reader, "min_age_ms", reconciliation.min_age, 1000);
    ReadMillis(reader, "initial_backoff_ms", reconciliation.initial_backoff, 1000);
    ReadMillis(reader, "max_backoff_ms", reconciliation.max_backoff, 1000);
    ReadMillis(reader, "escalate_after_ms", reconciliation.escalate_after, 1000);
    ReadMillis(reader, "abandon_after_ms", reconciliation.abandon_after, 1000);
    ReadMillis(reader, "action_expiry_ms", reconciliation.action_expiry, 60'000);
    reader.Finish();
  }

  std::optional<TlsFiles> Tls(FieldReader& parent, const std::string& key) {
    YAML::Node node = parent.Get(key);
    if (!node.IsDefined() || node.IsNull()) return std::nullopt;
    FieldReader reader(node, parent.context().Child(key));
    if (!reader.valid()) return std::nullopt;
    std::optional<std::string> cert = reader.RequiredString("cert");
    std::optional<std::string> key_file = reader.RequiredString("key");
    reader.Finish();
    if (!cert || !key_file) return std::nullopt;
    return TlsFiles{Path(*cert), Path(*key_file)};
  }

  // `webhook_listen` and `webhook_tls`: both or neither. The TLS files are
  // loaded here, so that a bad one is reported at its line, not at serve.
  void ReadWebhookListener(FieldReader& reader, GatewayConfig& config) {
    config.webhook_listen = Listen(reader, "webhook_listen", /*required=*/false);
    YAML::Node tls = reader.Get("webhook_tls");
    const bool has_tls = tls.IsDefined() && !tls.IsNull();
    if (has_tls) config.webhook_tls = MutualTls(reader, "webhook_tls");
    if (reader.Has("webhook_listen") && !has_tls) {
      reader.context()
          .Child("webhook_listen")
          .Error(reader.Get("webhook_listen"),
                 "the webhook listener serves mutual TLS only: give webhook_tls with cert, key "
                 "and client_ca");
    }
    if (has_tls && !reader.Has("webhook_listen")) {
      reader.context().Child("webhook_tls").Error(tls, "webhook_tls without webhook_listen");
    }
    if (!config.webhook_listen || config.webhook_listen->port == 0) return;
    const bool same_as_public = config.webhook_listen->host == config.listen.host &&
                                config.webhook_listen->port == config.listen.port;
    const bool same_as_admin = config.admin_listen &&
                               config.webhook_listen->host == config.admin_listen->host &&
                               config.webhook_listen->port == config.admin_listen->port;
    if (same_as_public || same_as_admin) {
      reader.context()
          .Child("webhook_listen")
          .Error(reader.Get("webhook_listen"),
                 std::string("the webhook listener needs its own address, not the ") +
                     (same_as_public ? "public" : "admin") + " listener's");
    }
  }

  std::optional<TlsFiles> MutualTls(FieldReader& parent, const std::string& key) {
    YAML::Node node = parent.Get(key);
    FieldReader reader(node, parent.context().Child(key));
    if (!reader.valid()) return std::nullopt;
    std::optional<std::string> cert = ReadableFile(reader, "cert");
    std::optional<std::string> key_file = ReadableFile(reader, "key");
    std::optional<std::string> client_ca = ReadableFile(reader, "client_ca");
    reader.Finish();
    if (!cert || !key_file || !client_ca) return std::nullopt;
    auto context = http::MakeMutualTlsServerContext(*cert, *key_file, *client_ca);
    if (!context.ok()) {
      reader.context().Error(node, context.status().message());
      return std::nullopt;
    }
    return TlsFiles{*cert, *key_file, *client_ca};
  }

  // A required path, resolved, that can be opened for reading.
  std::optional<std::string> ReadableFile(FieldReader& reader, const std::string& key) {
    std::optional<std::string> value = reader.RequiredString(key);
    if (!value) return std::nullopt;
    std::string path = Path(*value);
    std::ifstream in(path);
    if (!in) {
      reader.context().Child(key).Error(reader.Get(key),
                                        "cannot read '" + path + "': " + std::strerror(errno));
      return std::nullopt;
    }
    return path;
  }

  std::string file_;
  ErrorSink& sink_;
  std::filesystem::path base_dir_;
};

Result<GatewayConfig> Finish(GatewayConfig config, const ErrorSink& sink,
                             std::vector<LoadError>* errors) {
  if (errors != nullptr) *errors = sink.errors();
  if (sink.empty()) return config;
  std::string message;
  for (const auto& error : sink.errors()) {
    if (!message.empty()) message += "\n";
    message += error.ToString();
  }
  return InvalidArgument(message);
}

}  // namespace

int GatewayConfig::EffectiveIoThreads() const {
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

int GatewayConfig::EffectiveWorkerThreads() const {
  // Handlers block on fsyncs and provider round trips, not on the CPU: on 2
  // cores a purchase load (wrk -c64) did 587/s with 8 handler threads, 716/s
  // with 32 and 786/s with 64 (docs/config.md).
  return worker_threads > 0 ? worker_threads : kWorkerThreadsPerIoThread * EffectiveIoThreads();
}

Result<GatewayConfig> ParseGatewayConfig(std::string_view yaml, const std::string& file,
                                         std::vector<LoadError>* errors) {
  ErrorSink sink;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    sink.Add(mg::LoadError{file, e.mark.line + 1, e.mark.column + 1, "", e.msg});
    return Finish(GatewayConfig{}, sink, errors);
  }
  GatewayConfig config = ConfigReader(file, sink).Read(root);
  return Finish(std::move(config), sink, errors);
}

Result<GatewayConfig> LoadGatewayConfig(const std::string& file, std::vector<LoadError>* errors) {
  std::ifstream in(file);
  if (!in) {
    Status status = InvalidArgument("cannot read config file '" + file + "'");
    if (errors != nullptr) *errors = {LoadError{file, 0, 0, "", status.message()}};
    return status;
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseGatewayConfig(text.str(), file, errors);
}

}  // namespace mg::app
