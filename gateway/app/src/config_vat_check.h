// Internal to the config loader and the application: the optional
// `vat_check:` section (docs/vat-check.md), and the checker built from it.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "base/status.h"
#include "base/yaml_reader.h"
#include "gateway/vat_check/registry_vat_id_checker.h"
#include "regions/vat_id.h"

namespace mg::app {

// vat_check:
//   vies: {url}                                   EU member states and XI
//   hmrc: {url, client_id, client_secret_file | client_secret_env}   GB
//   cache_ttl_s, cache_max_entries, connect_timeout_ms, timeout_ms, ca_file,
//   when_unavailable: charge_vat | accept_checked_digits
// Absent or null: nullopt (offline checks only). At least one of vies and
// hmrc is required; relative paths resolve against `base_dir`. The secret
// is read here, once, and never logged.
std::optional<vat_check::RegistryCheckerOptions> ReadVatCheck(
    FieldReader& parent, const std::filesystem::path& base_dir);

// The checker the quotes use: the registry checker when `options` is set,
// else null (the quote then checks offline). Errors: the HTTP client's
// (an unreadable ca_file).
Result<std::shared_ptr<const regions::VatIdChecker>> BuildVatIdChecker(
    const std::optional<vat_check::RegistryCheckerOptions>& options);

}  // namespace mg::app
