// What every HTTP adapter shares: the one mapping of transport failures and
// generic HTTP statuses to normalized outcomes, and rescaling of ISO minor
// units to a provider's own unit. Each adapter's transformers call these;
// the provider-specific tables (zero-decimal lists, error codes) stay in the
// adapter's folder.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "currency/money.h"
#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"

namespace mg::providers {

// kNotSent -> kRetryableError; kAmbiguous -> kPending with ambiguous = true.
// REQUIRES: !http.ok().
PaymentResult MapTransportFailure(std::string_view provider, const outbound::HttpResult& http);

// What an HTTP status says of a call that reached the provider (or a proxy
// in front of it), when the body says no more; sets r.outcome and
// r.ambiguous:
//   429          retryable: refused before anything was done
//   409, 5xx     pending + ambiguous: a request with the key is in progress,
//                or the provider or a proxy failed, perhaps after acting.
//                Maybe charged: only a status lookup or the provider's own
//                answer to the same key decides
//   other 4xx    fatal: our request is wrong
//   2xx          pending: never approved without an explicit answer
void ApplyHttpStatus(PaymentResult& r, int status);

// The result an adapter's answer mapping starts from: the provider's id and
// the answer's HTTP status, nothing decided yet.
PaymentResult ResultOfAnswer(std::string_view provider, const outbound::HttpResponse& response);

// Parses Retry-After in seconds; nullopt when absent or not a number.
std::optional<std::chrono::seconds> RetryAfter(const outbound::HttpResponse& response);

using FormFields = std::vector<std::pair<std::string, std::string>>;
// application/x-www-form-urlencoded: every byte outside the RFC 3986
// unreserved set is percent-encoded by Boost.URL (so '+', '[' and ']' are
// too); pairs joined with '&' in order.
std::string FormEncode(const FormFields& fields);
// The inverse; '+' decodes to a space. Malformed escapes drop the pair.
FormFields FormDecode(std::string_view body);

// Rescales `amount` from ISO minor units (ICU's fraction digits) to a unit
// with `provider_digits` decimals. Reducing precision requires the dropped
// digits to be zero (JPY 1234 at 2 digits -> 123400; IDR 1000.50 at 0 digits
// is kInvalidArgument).
Result<int64_t> ToProviderUnits(const Money& amount, int provider_digits);
// The inverse: a provider amount back to Money.
Result<Money> FromProviderUnits(int64_t value, std::string_view currency, int provider_digits);

}  // namespace mg::providers
