#include "fx_rates.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "request_body.h"

namespace mg::api {
namespace {

constexpr int kMaxRates = 1000;
// A table stated to be valid for more than a week is a mistake, not a policy.
constexpr int64_t kMaxAgeLimitSeconds = 7 * 86'400;
// A feed's clock may run slightly ahead of ours; more is a wrong as_of.
constexpr int64_t kFutureToleranceMs = 60'000;

RatesTable::Clock::time_point FromMillis(int64_t ms) {
  return RatesTable::Clock::time_point(std::chrono::milliseconds(ms));
}

// Adds `rates` ([{"from","to","rate"}]) to `table`; the error names the entry.
Status AddRates(const boost::json::array& rates, RatesTable& table) {
  for (size_t i = 0; i < rates.size(); ++i) {
    const std::string param = "rates[" + std::to_string(i) + "]";
    const boost::json::object* rate = rates[i].if_object();
    if (rate == nullptr) return InvalidArgument(param + " must be an object", param);
    MG_RETURN_IF_ERROR(OnlyMembers(*rate, {"from", "to", "rate"}, param + "."));
    MG_ASSIGN_OR_RETURN(std::string from, RequiredString(*rate, "from", param + ".from"));
    MG_ASSIGN_OR_RETURN(std::string to, RequiredString(*rate, "to", param + ".to"));
    MG_ASSIGN_OR_RETURN(std::string value, RequiredString(*rate, "rate", param + ".rate"));
    Result<CurrencyCode> from_code = CurrencyCode::Parse(from);
    if (!from_code.ok()) return InvalidArgument(param + ".from: unknown currency", param + ".from");
    Result<CurrencyCode> to_code = CurrencyCode::Parse(to);
    if (!to_code.ok()) return InvalidArgument(param + ".to: unknown currency", param + ".to");
    Result<Decimal> decimal = Decimal::Parse(value);
    if (!decimal.ok()) {
      return InvalidArgument(param + ".rate must be a decimal string such as \"5.3412\"",
                             param + ".rate");
    }
    Status added = table.AddRate(*from_code, *to_code, *decimal);
    if (!added.ok()) return InvalidArgument(param + ": " + added.message(), param);
  }
  return Status::Ok();
}

boost::json::object TableJson(const store::FxRatesRecord& record, int64_t now_ms) {
  const int64_t age_ms = now_ms - record.as_of_ms;
  return boost::json::object{{"object", "fx_rates"},
                             {"as_of", record.as_of_ms / 1000},
                             {"max_age_seconds", record.max_age_ms / 1000},
                             {"age_seconds", age_ms / 1000},
                             {"stale", age_ms > record.max_age_ms},
                             {"source", record.source},
                             {"rates", boost::json::parse(record.rates_json)},
                             {"loaded", record.loaded_at_ms / 1000}};
}

}  // namespace

Result<RatesTable> RatesTableOf(const store::FxRatesRecord& record) {
  RatesTable table(FromMillis(record.as_of_ms), std::chrono::milliseconds(record.max_age_ms));
  boost::system::error_code error;
  boost::json::value rates = boost::json::parse(record.rates_json, error);
  if (error || !rates.is_array()) {
    return Status(ErrorCode::kInternal, "the stored FX rates table is not a JSON array");
  }
  Status added = AddRates(rates.as_array(), table);
  if (!added.ok()) {
    return Status(ErrorCode::kInternal, "the stored FX rates table is corrupt: " + added.message());
  }
  return table;
}

Result<std::optional<RatesTable>> CurrentRatesTable(const RouteContext& context) {
  MG_ASSIGN_OR_RETURN(std::optional<store::FxRatesRecord> record, context.store().GetFxRates());
  if (!record) return std::optional<RatesTable>();
  MG_ASSIGN_OR_RETURN(RatesTable table, RatesTableOf(*record));
  return std::optional<RatesTable>(std::move(table));
}

Result<http::Response> HandlePutFxRates(const RouteContext& context, const http::Request& request) {
  MG_ASSIGN_OR_RETURN(const boost::json::object* body, BodyObject(request.json));
  MG_RETURN_IF_ERROR(OnlyMembers(*body, {"as_of", "max_age_seconds", "source", "rates"}));
  MG_ASSIGN_OR_RETURN(std::optional<int64_t> as_of, OptionalInt(*body, "as_of", "as_of"));
  if (!as_of) return InvalidArgument("missing required parameter 'as_of' (Unix seconds)", "as_of");
  MG_ASSIGN_OR_RETURN(std::optional<int64_t> max_age,
                      OptionalInt(*body, "max_age_seconds", "max_age_seconds"));
  if (!max_age) {
    return InvalidArgument("missing required parameter 'max_age_seconds'", "max_age_seconds");
  }
  if (*max_age < 1 || *max_age > kMaxAgeLimitSeconds) {
    return InvalidArgument("max_age_seconds must be 1-" + std::to_string(kMaxAgeLimitSeconds),
                           "max_age_seconds");
  }
  MG_ASSIGN_OR_RETURN(std::string source, RequiredString(*body, "source", "source"));
  const boost::json::value* rates = body->if_contains("rates");
  if (rates == nullptr || !rates->is_array() || rates->as_array().empty() ||
      rates->as_array().size() > static_cast<size_t>(kMaxRates)) {
    return InvalidArgument(
        "rates must be a list of 1-" + std::to_string(kMaxRates) + " {\"from\", \"to\", \"rate\"}",
        "rates");
  }
  const int64_t now_ms = context.NowMillis();
  if (*as_of < 0 || *as_of > (now_ms + kFutureToleranceMs) / 1000) {
    return InvalidArgument("as_of is in the future", "as_of");
  }
  store::FxRatesRecord record{*as_of * 1000, *max_age * 1000, source,
                              boost::json::serialize(*rates), now_ms};
  RatesTable table(FromMillis(record.as_of_ms), std::chrono::milliseconds(record.max_age_ms));
  MG_RETURN_IF_ERROR(AddRates(rates->as_array(), table));
  MG_RETURN_IF_ERROR(context.store().PutFxRates(record));
  return http::JsonResponse(TableJson(record, now_ms));
}

Result<http::Response> HandleGetFxRates(const RouteContext& context, const http::Request&) {
  MG_ASSIGN_OR_RETURN(std::optional<store::FxRatesRecord> record, context.store().GetFxRates());
  if (!record) return Status(ErrorCode::kNotFound, "no FX rates table has been loaded");
  return http::JsonResponse(TableJson(*record, context.NowMillis()));
}

}  // namespace mg::api
