// Internal: one VIES REST call, and the pure mapping of its answer.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "gateway/outbound/http_client.h"
#include "gateway/vat_check/answer_cache.h"

namespace mg::vat_check::internal {

// POST {base_url}/check-vat-number {"countryCode": "DE", "vatNumber": "136695976"}.
class ViesClient {
 public:
  ViesClient(std::string base_url, std::shared_ptr<const outbound::HttpClient> http);
  // `country_code` as VIES spells it ("EL" for Greece, "XI"), `number`
  // without it.
  RegistryAnswer Check(std::string_view country_code, std::string_view number) const;

 private:
  std::string url_;
  std::shared_ptr<const outbound::HttpClient> http_;
};

// What an HTTP result from check-vat-number means. Only an explicit answer
// decides: `"valid": true|false`, or INVALID_INPUT (VIES refuses the number
// as malformed: not a registration). Every other error code, a 5xx, an
// unreadable body or no response at all is kUnavailable.
RegistryAnswer ViesAnswerOf(const outbound::HttpResult& result);

}  // namespace mg::vat_check::internal
