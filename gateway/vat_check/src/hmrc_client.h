// Internal: HMRC "Check a UK VAT number" v2.0, with its OAuth 2.0
// application-restricted token (client credentials), fetched once and reused
// until shortly before it expires.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/secret.h"
#include "gateway/outbound/http_client.h"
#include "gateway/vat_check/answer_cache.h"

namespace mg::vat_check::internal {

class HmrcClient {
 public:
  HmrcClient(std::string base_url, std::string client_id, Secret client_secret,
             std::shared_ptr<const outbound::HttpClient> http, SteadyNow now);
  // `vrn`: the 9 or 12 digits, without "GB". Thread-safe.
  RegistryAnswer Check(std::string_view vrn) const;

 private:
  // A bearer token, fetched when none is held or it is about to expire;
  // empty with `error` set when the token endpoint did not give one.
  std::string Token(bool renew, std::string& error) const;
  outbound::HttpResult Lookup(std::string_view vrn, const std::string& token) const;

  std::string base_url_;
  std::string client_id_;
  Secret client_secret_;
  std::shared_ptr<const outbound::HttpClient> http_;
  SteadyNow now_;
  // Held while a token is fetched, so that concurrent checks wait for one
  // fetch instead of each asking for a token.
  mutable std::mutex token_mu_;
  mutable Secret token_;
  mutable std::chrono::steady_clock::time_point token_expires_{};
};

// What an HTTP result from the lookup means: 200 with `target`: registered;
// 404 (NOT_FOUND) or 400 (INVALID_REQUEST, the number is malformed): not
// registered; anything else (401/403 after a fresh token, 429, 5xx, no
// response, an unreadable body) is kUnavailable.
RegistryAnswer HmrcAnswerOf(const outbound::HttpResult& result);

// application/x-www-form-urlencoded encoding of one value.
std::string FormEncode(std::string_view value);

}  // namespace mg::vat_check::internal
