// RegistryVatIdChecker: a VAT ID counts for the reverse charge only when the
// tax authority's register confirms it, not merely its check digits.
//
//  * Offline first (regions::CheckVatIdOffline): an ID that fails its syntax
//    or check digits is rejected without a network call.
//  * EU member states and XI (Northern Ireland) are asked of VIES, the
//    European Commission's VAT Information Exchange System, REST API:
//      POST {vies.base_url}/check-vat-number
//      {"countryCode": "DE", "vatNumber": "136695976"}
//      -> 200 {"countryCode", "vatNumber", "requestDate", "valid": true|false,
//              "name", "address", ...}
//      errors: {"actionSucceed": false, "errorWrappers": [{"error": CODE,
//              "message": ...}]}, CODE one of INVALID_INPUT, SERVICE_UNAVAILABLE,
//              MS_UNAVAILABLE, TIMEOUT, MS_MAX_CONCURRENT_REQ,
//              GLOBAL_MAX_CONCURRENT_REQ, VAT_BLOCKED, IP_BLOCKED, ...
//    source: the Commission's VIES pages, https://ec.europa.eu/taxation_customs/vies/
//    (base URL https://ec.europa.eu/taxation_customs/vies/rest-api); the error
//    codes are those the Commission's SOAP test service (checkVatTestService)
//    lists. verified: false for the REST field names: the Commission's OpenAPI
//    file could not be retrieved while writing this; they were matched against
//    client libraries of the REST API. So an answer this code cannot read is
//    "registry unavailable" (VAT charged by default), never "registered".
//  * GB (9 or 12 digits) is asked of HMRC, "Check a UK VAT number" v2.0:
//      GET {hmrc.base_url}/organisations/vat/check-vat-number/lookup/{targetVrn}
//      Accept: application/vnd.hmrc.2.0+json; Authorization: Bearer TOKEN
//      -> 200 {"target": {"name", "vatNumber", "address"}, "processingDate"}
//      -> 404 {"code": "NOT_FOUND"}; 400 {"code": "INVALID_REQUEST"}
//    with TOKEN from POST {hmrc.base_url}/oauth/token (client_credentials,
//    scope read:vat), reused until shortly before it expires.
//    source: https://github.com/hmrc/vat-registered-companies-api
//    (public/api/conf/2.0/application.yaml, the API's OpenAPI definition).
//  * Other IDs (CH, GB government departments GD/HA) and countries whose
//    registry is not configured keep the offline answer.
//
// Answers (registered or not) are cached for `cache_ttl`. When the registry
// cannot answer, `when_unavailable` decides (see WhenUnavailable).
//
// Thread-safe: Check() is const and may be called concurrently (the cache and
// the HMRC token are guarded by mutexes; two concurrent first checks of one
// ID may both ask the registry).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/secret.h"
#include "base/status.h"
#include "gateway/outbound/http_client.h"
#include "gateway/vat_check/answer_cache.h"
#include "regions/vat_id.h"

namespace mg::vat_check {

namespace internal {
class ViesClient;
class HmrcClient;
}  // namespace internal

// What to do when the registry cannot answer (timeout, connection error,
// 5xx, MS_UNAVAILABLE, MS_MAX_CONCURRENT_REQ, ...).
enum class WhenUnavailable {
  // Default, the cautious choice: the ID is not accepted and VAT is charged
  // (tax collected in error can be refunded once the customer's ID is
  // confirmed; tax not collected is the platform's liability).
  kChargeVat,
  // Accept an ID whose check digits are valid. A business risk: a number
  // that is well formed but not (or no longer) registered gets the reverse
  // charge while the registry is down. IDs checked for their format only
  // (no check-digit algorithm) are still charged.
  kAcceptCheckedDigits,
};

struct ViesOptions {
  std::string base_url;  // "https://ec.europa.eu/taxation_customs/vies/rest-api"
};

struct HmrcOptions {
  std::string base_url;  // "https://api.service.hmrc.gov.uk"
  std::string client_id;
  Secret client_secret;  // never logged
};

struct RegistryCheckerOptions {
  std::optional<ViesOptions> vies;  // nullopt: EU and XI IDs keep the offline answer
  std::optional<HmrcOptions> hmrc;  // nullopt: GB IDs keep the offline answer
  // How long an answer about an ID is reused. Default: 24 h.
  std::chrono::seconds cache_ttl{86400};
  // Most IDs remembered; past it the oldest answer goes. Default: 10000.
  std::size_t cache_max_entries = 10000;
  WhenUnavailable when_unavailable = WhenUnavailable::kChargeVat;
  // Resolve + connect (+ TLS), and the whole exchange, per request. A quote
  // waits for them, so they are short. Defaults: 2 s, 3 s.
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds read_timeout{3000};
  std::string ca_file;  // PEM; empty: the system trust store
  // The cache's and the token's clock; default: steady_clock. For tests.
  SteadyNow now;
};

class RegistryVatIdChecker final : public regions::VatIdChecker {
 public:
  // Builds its own HTTP client from the options' timeouts. Errors: the
  // client's (kInvalidArgument for an unreadable CA file); kInvalidArgument
  // when hmrc is set without client_id or client_secret.
  static Result<std::unique_ptr<RegistryVatIdChecker>> Create(RegistryCheckerOptions options);
  // With a given client (tests). REQUIRES: `http` not null.
  RegistryVatIdChecker(RegistryCheckerOptions options,
                       std::shared_ptr<const outbound::HttpClient> http);
  ~RegistryVatIdChecker() override;

  // valid: the registry confirmed the ID (format_only is then false even
  // where no check-digit algorithm exists); otherwise `reason` says why:
  // the offline check's, "not registered according to VIES (...)", or
  // "VIES could not be asked (MS_UNAVAILABLE); ..." under kChargeVat.
  regions::VatIdCheck Check(std::string_view vat_id) const override;

  WhenUnavailable when_unavailable() const { return options_.when_unavailable; }

 private:
  // The registry's answer for an ID the offline check accepted; nullopt
  // when no configured registry covers it.
  std::optional<RegistryAnswer> Ask(const regions::VatIdCheck& offline) const;

  RegistryCheckerOptions options_;
  std::unique_ptr<internal::ViesClient> vies_;
  std::unique_ptr<internal::HmrcClient> hmrc_;
  mutable AnswerCache cache_;
};

// "charge_vat" / "accept_checked_digits".
const char* WhenUnavailableName(WhenUnavailable policy);

}  // namespace mg::vat_check
