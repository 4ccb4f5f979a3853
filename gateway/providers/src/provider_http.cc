#include "gateway/providers/provider_http.h"

#include <boost/url/encode.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <charconv>

#include "currency/currency_code.h"

namespace mg::providers {

PaymentResult MapTransportFailure(std::string_view provider, const outbound::HttpResult& http) {
  PaymentResult r;
  r.provider = std::string(provider);
  r.message = http.error;
  if (http.kind == outbound::HttpResult::Kind::kAmbiguous) {
    r.outcome = Outcome::kPending;
    r.ambiguous = true;
  } else {
    r.outcome = Outcome::kRetryableError;
  }
  return r;
}

PaymentResult ResultOfAnswer(std::string_view provider, const outbound::HttpResponse& response) {
  PaymentResult r;
  r.provider = std::string(provider);
  r.http_status = response.status;
  return r;
}

void ApplyHttpStatus(PaymentResult& r, int status) {
  r.ambiguous = false;
  if (status == 429) {
    r.outcome = Outcome::kRetryableError;
  } else if (status == 409 || status >= 500) {
    r.outcome = Outcome::kPending;
    r.ambiguous = true;
  } else if (status >= 400) {
    r.outcome = Outcome::kFatalError;
  } else {
    r.outcome = Outcome::kPending;
  }
}

std::optional<std::chrono::seconds> RetryAfter(const outbound::HttpResponse& response) {
  std::string_view v = response.Header("Retry-After");
  int64_t seconds = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size() || seconds < 0) {
    return std::nullopt;
  }
  return std::chrono::seconds(seconds);
}

std::string FormEncode(const FormFields& fields) {
  std::string out;
  for (const auto& [key, value] : fields) {
    if (!out.empty()) out += '&';
    out += boost::urls::encode(key, boost::urls::unreserved_chars);
    out += '=';
    out += boost::urls::encode(value, boost::urls::unreserved_chars);
  }
  return out;
}

namespace {

std::optional<std::string> FormDecodePart(std::string_view part) {
  std::string plus_as_space(part);
  for (char& c : plus_as_space) {
    if (c == '+') c = ' ';
  }
  auto pct = boost::urls::make_pct_string_view(plus_as_space);
  if (!pct) return std::nullopt;
  return pct->decode();
}

}  // namespace

FormFields FormDecode(std::string_view body) {
  FormFields out;
  while (!body.empty()) {
    std::size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::optional<std::string> key = FormDecodePart(pair.substr(0, eq));
    std::optional<std::string> value =
        FormDecodePart(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
    if (key && value) out.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

namespace {

constexpr int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

Result<int> IsoDigits(std::string_view currency) {
  Result<CurrencyFacts> facts = LookupCurrency(currency);
  if (!facts.ok()) return facts.status();
  return facts->fraction_digits;
}

}  // namespace

Result<int64_t> ToProviderUnits(const Money& amount, int provider_digits) {
  MG_ASSIGN_OR_RETURN(int iso, IsoDigits(amount.currency().view()));
  int64_t v = amount.minor_units();
  if (provider_digits >= iso) {
    int64_t f = kPow10[provider_digits - iso];
    if (v > INT64_MAX / f || v < INT64_MIN / f) {
      return mg::Status(ErrorCode::kOutOfRange, "amount too large", "amount");
    }
    return v * f;
  }
  int64_t f = kPow10[iso - provider_digits];
  if (v % f != 0) {
    return InvalidArgument(amount.DebugString() + " has more decimals than the provider accepts (" +
                               std::to_string(provider_digits) + ")",
                           "amount");
  }
  return v / f;
}

Result<Money> FromProviderUnits(int64_t value, std::string_view currency, int provider_digits) {
  MG_ASSIGN_OR_RETURN(CurrencyCode code, CurrencyCode::Parse(currency));
  MG_ASSIGN_OR_RETURN(int iso, IsoDigits(currency));
  if (provider_digits <= iso) return Money(value * kPow10[iso - provider_digits], code);
  int64_t f = kPow10[provider_digits - iso];
  if (value % f != 0) return InvalidArgument("provider amount not exact in ISO units", "amount");
  return Money(value / f, code);
}

}  // namespace mg::providers
