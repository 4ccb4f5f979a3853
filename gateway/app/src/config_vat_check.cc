#include "config_vat_check.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "config_fields.h"

namespace mg::app {
namespace {

// An http(s) URL; errors at the field otherwise.
std::optional<std::string> ReadUrl(FieldReader& reader) {
  std::optional<std::string> url = reader.RequiredString("url");
  if (!url) return std::nullopt;
  if (url->rfind("https://", 0) != 0 && url->rfind("http://", 0) != 0) {
    reader.context().Child("url").Error(reader.Get("url"), "must be an http:// or https:// URL");
    return std::nullopt;
  }
  return url;
}

std::string Resolve(const std::filesystem::path& base_dir, const std::string& path) {
  std::filesystem::path p(path);
  return p.is_absolute() ? path : (base_dir / p).string();
}

// `client_secret_file` (its first line) or `client_secret_env`, exactly one.
// The error messages name the file or variable, never the value.
Secret ReadClientSecret(FieldReader& reader, const std::filesystem::path& base_dir) {
  std::optional<std::string> file = reader.OptionalString("client_secret_file");
  std::optional<std::string> env = reader.OptionalString("client_secret_env");
  if (file.has_value() == env.has_value()) {
    reader.context().Error(reader.node(),
                           "give exactly one of 'client_secret_file' and 'client_secret_env'");
    return Secret();
  }
  if (env) {
    const char* value = std::getenv(env->c_str());
    if (value != nullptr && *value != '\0') return Secret(value);
    reader.context()
        .Child("client_secret_env")
        .Error(reader.Get("client_secret_env"), "environment variable '" + *env + "' is not set");
    return Secret();
  }
  std::string path = Resolve(base_dir, *file);
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) {
    reader.context()
        .Child("client_secret_file")
        .Error(reader.Get("client_secret_file"), "cannot read '" + path + "'");
    return Secret();
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (line.empty()) {
    reader.context()
        .Child("client_secret_file")
        .Error(reader.Get("client_secret_file"), "'" + path + "' is empty");
  }
  return Secret(std::move(line));
}

std::optional<vat_check::HmrcOptions> ReadHmrc(FieldReader& parent,
                                               const std::filesystem::path& base_dir) {
  std::optional<FieldReader> section = OptionalSection(parent, "hmrc");
  if (!section) return std::nullopt;
  FieldReader& reader = *section;
  vat_check::HmrcOptions hmrc;
  std::optional<std::string> url = ReadUrl(reader);
  std::optional<std::string> client_id = reader.RequiredString("client_id");
  hmrc.client_secret = ReadClientSecret(reader, base_dir);
  reader.Finish();
  if (!url || !client_id || hmrc.client_secret.empty()) return std::nullopt;
  hmrc.base_url = *url;
  hmrc.client_id = *client_id;
  return hmrc;
}

}  // namespace

std::optional<vat_check::RegistryCheckerOptions> ReadVatCheck(
    FieldReader& parent, const std::filesystem::path& base_dir) {
  std::optional<FieldReader> section = OptionalSection(parent, "vat_check");
  if (!section) return std::nullopt;
  FieldReader& reader = *section;
  vat_check::RegistryCheckerOptions options;
  if (std::optional<FieldReader> vies = OptionalSection(reader, "vies")) {
    if (std::optional<std::string> url = ReadUrl(*vies)) {
      options.vies = vat_check::ViesOptions{*url};
    }
    vies->Finish();
  }
  options.hmrc = ReadHmrc(reader, base_dir);
  if (!reader.Has("vies") && !reader.Has("hmrc")) {
    reader.context().Error(reader.node(), "name at least one registry: 'vies' or 'hmrc'");
  }
  // A day by default; at most 31 days, so that a deregistration shows within a month.
  options.cache_ttl = std::chrono::seconds(ReadIntInRange(
      reader, "cache_ttl_s", static_cast<int>(options.cache_ttl.count()), 0, 31 * 86400));
  ReadSize(reader, "cache_max_entries", options.cache_max_entries, 1);
  ReadMillis(reader, "connect_timeout_ms", options.connect_timeout, 100);
  ReadMillis(reader, "timeout_ms", options.read_timeout, 100);
  if (std::optional<std::string> ca = reader.OptionalString("ca_file")) {
    options.ca_file = Resolve(base_dir, *ca);
  }
  if (auto policy =
          reader.OptionalEnum("when_unavailable", {"charge_vat", "accept_checked_digits"})) {
    options.when_unavailable = *policy == "accept_checked_digits"
                                   ? vat_check::WhenUnavailable::kAcceptCheckedDigits
                                   : vat_check::WhenUnavailable::kChargeVat;
  }
  reader.Finish();
  return options;
}

Result<std::shared_ptr<const regions::VatIdChecker>> BuildVatIdChecker(
    const std::optional<vat_check::RegistryCheckerOptions>& options) {
  if (!options) return std::shared_ptr<const regions::VatIdChecker>();
  MG_ASSIGN_OR_RETURN(std::unique_ptr<vat_check::RegistryVatIdChecker> checker,
                      vat_check::RegistryVatIdChecker::Create(*options));
  return std::shared_ptr<const regions::VatIdChecker>(std::move(checker));
}

}  // namespace mg::app
