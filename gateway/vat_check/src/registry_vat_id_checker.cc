#include "gateway/vat_check/registry_vat_id_checker.h"

#include <algorithm>
#include <array>
#include <utility>

#include "base/log.h"
#include "hmrc_client.h"
#include "vies_client.h"

namespace mg::vat_check {
namespace {

// The VIES country codes: the EU member states (Greece as "EL") and XI,
// Northern Ireland, whose traders VIES answers for under the Windsor
// Framework.
constexpr std::array<std::string_view, 28> kViesCountries = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI"};

bool IsViesCountry(std::string_view prefix) {
  return std::find(kViesCountries.begin(), kViesCountries.end(), prefix) != kViesCountries.end();
}

// HMRC looks up 9- or 12-digit VRNs; GBGD / GBHA numbers are not in it.
bool IsHmrcNumber(std::string_view number) {
  return (number.size() == 9 || number.size() == 12) &&
         std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

const char* WhenUnavailableName(WhenUnavailable policy) {
  return policy == WhenUnavailable::kAcceptCheckedDigits ? "accept_checked_digits" : "charge_vat";
}

Result<std::unique_ptr<RegistryVatIdChecker>> RegistryVatIdChecker::Create(
    RegistryCheckerOptions options) {
  if (options.hmrc && (options.hmrc->client_id.empty() || options.hmrc->client_secret.empty())) {
    return InvalidArgument("vat_check.hmrc needs a client_id and a client secret");
  }
  outbound::HttpClientOptions http;
  http.connect_timeout = options.connect_timeout;
  http.read_timeout = options.read_timeout;
  http.ca_file = options.ca_file;
  // Answers are a few hundred bytes; a huge one is not an answer.
  http.max_response_bytes = 64 * 1024;
  MG_ASSIGN_OR_RETURN(std::shared_ptr<outbound::HttpClient> client,
                      outbound::HttpClient::Create(http));
  return std::make_unique<RegistryVatIdChecker>(std::move(options), std::move(client));
}

RegistryVatIdChecker::RegistryVatIdChecker(RegistryCheckerOptions options,
                                           std::shared_ptr<const outbound::HttpClient> http)
    : options_(std::move(options)),
      cache_(options_.cache_ttl, options_.cache_max_entries, options_.now) {
  if (options_.vies) {
    vies_ = std::make_unique<internal::ViesClient>(options_.vies->base_url, http);
  }
  if (options_.hmrc) {
    hmrc_ =
        std::make_unique<internal::HmrcClient>(options_.hmrc->base_url, options_.hmrc->client_id,
                                               options_.hmrc->client_secret, http, options_.now);
  }
}

RegistryVatIdChecker::~RegistryVatIdChecker() = default;

std::optional<RegistryAnswer> RegistryVatIdChecker::Ask(const regions::VatIdCheck& offline) const {
  const std::string& id = offline.normalized;
  if (id.size() < 3) return std::nullopt;
  std::string_view prefix = std::string_view(id).substr(0, 2);
  std::string_view number = std::string_view(id).substr(2);
  bool vies = vies_ != nullptr && IsViesCountry(prefix);
  bool hmrc = hmrc_ != nullptr && prefix == "GB" && IsHmrcNumber(number);
  if (!vies && !hmrc) return std::nullopt;
  if (std::optional<RegistryAnswer> cached = cache_.Find(id)) return cached;
  RegistryAnswer answer = vies ? vies_->Check(prefix, number) : hmrc_->Check(number);
  // An outage says nothing about the ID: the next quote asks again.
  if (answer.verdict != RegistryAnswer::Verdict::kUnavailable) cache_.Store(id, answer);
  return answer;
}

regions::VatIdCheck RegistryVatIdChecker::Check(std::string_view vat_id) const {
  regions::VatIdCheck check = regions::CheckVatIdOffline(vat_id);
  if (!check.valid) return check;  // malformed: no registry is asked
  std::optional<RegistryAnswer> answer = Ask(check);
  if (!answer) return check;
  switch (answer->verdict) {
    case RegistryAnswer::Verdict::kRegistered:
      check.format_only = false;  // the register, not the digits, confirms it
      return check;
    case RegistryAnswer::Verdict::kNotRegistered:
      check.valid = false;
      check.reason =
          "not registered according to " + answer->registry + " (" + answer->detail + ")";
      return check;
    case RegistryAnswer::Verdict::kUnavailable:
      break;
  }
  Log(LogLevel::kWarning, answer->registry + " unavailable for " + check.normalized + ": " +
                              answer->detail + "; policy " +
                              WhenUnavailableName(options_.when_unavailable));
  if (options_.when_unavailable == WhenUnavailable::kAcceptCheckedDigits) return check;
  check.valid = false;
  check.reason = answer->registry + " could not be asked (" + answer->detail +
                 "), so the registration is unconfirmed";
  return check;
}

}  // namespace mg::vat_check
