#include "admin_routes.h"

#include <boost/json/array.hpp>
#include <chrono>
#include <ctime>

#include "gateway/http/error_mapping.h"

namespace mg::api {
namespace {

using http::JsonResponse;
using http::Response;

boost::json::object LoadErrorJson(const mg::LoadError& error) {
  return {{"file", error.file}, {"line", error.line},       {"column", error.column},
          {"path", error.path}, {"message", error.message}, {"text", error.ToString()}};
}

boost::json::array LoadErrorsJson(const std::vector<mg::LoadError>& errors) {
  boost::json::array out;
  for (const auto& error : errors) out.push_back(LoadErrorJson(error));
  return out;
}

std::string IsoTime(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace

Result<Response> HandleReload(const RouteContext& context, const http::Request&) {
  MarketReloader::Outcome outcome = context.deps().reloader->Reload();
  if (outcome.ok) {
    return JsonResponse(boost::json::object{
        {"reloaded", true}, {"version", outcome.version}, {"markets", outcome.markets}});
  }
  Response response =
      http::ProtocolError(boost::beast::http::status::unprocessable_entity, "reload_failed",
                          std::to_string(outcome.errors.size()) +
                              " error(s) in the market files; still serving version " +
                              std::to_string(outcome.version));
  response.error->details["version"] = outcome.version;
  response.error->details["errors"] = LoadErrorsJson(outcome.errors);
  return response;
}

Result<Response> HandleShowConfig(const RouteContext& context, const http::Request&) {
  const regions::MarketRegistry& registry = context.deps().reloader->registry();
  std::shared_ptr<const regions::MarketSnapshot> snapshot = registry.Current();
  regions::MarketRegistry::Stats stats = registry.stats();
  boost::json::object body;
  body["regions_dir"] = registry.regions_dir();
  if (snapshot) {
    boost::json::object serving;
    serving["version"] = snapshot->version();
    serving["loaded_at"] = IsoTime(snapshot->loaded_at());
    boost::json::array markets;
    for (const auto& [code, market] : snapshot->markets()) {
      markets.push_back({{"code", code},
                         {"status", regions::MarketStatusName(market->status())},
                         {"source_file", market->source_file()}});
    }
    serving["markets"] = std::move(markets);
    body["snapshot"] = std::move(serving);
  } else {
    body["snapshot"] = nullptr;
  }
  body["last_errors"] = LoadErrorsJson(registry.last_errors());
  body["reloads"] = {{"ok", stats.reloads_ok}, {"failed", stats.reloads_failed}};
  body["config"] = context.deps().config_summary;
  return JsonResponse(body);
}

}  // namespace mg::api
