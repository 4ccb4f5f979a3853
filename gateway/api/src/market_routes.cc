#include "market_routes.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "gateway/http/error_mapping.h"
#include "market_json.h"

namespace mg::api {
namespace {

using http::JsonResponse;
using http::Request;
using http::Response;

using regions::Market;
using regions::MarketSnapshot;
using regions::MarketStatus;

Result<std::shared_ptr<const MarketSnapshot>> Snapshot(const RouteContext& context) {
  std::shared_ptr<const MarketSnapshot> snapshot = context.deps().snapshots();
  if (!snapshot) return Status(ErrorCode::kUnavailable, "markets are not loaded yet");
  return snapshot;
}

Result<const Market*> FindMarket(const MarketSnapshot& snapshot, std::string_view code) {
  std::string upper(code);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  const Market* market = snapshot.Find(upper);
  if (market == nullptr) {
    return Status(ErrorCode::kNotFound, "unknown market '" + std::string(code) + "'", "code");
  }
  return market;
}

// ?locale= first, then Accept-Language, then the market's default; always a
// supported tag of the market.
std::string ChooseLocale(const Market& market, const Request& request) {
  std::optional<std::string_view> asked = request.QueryParam("locale");
  if (asked && !asked->empty()) return market.negotiator().Resolve(*asked);
  std::string_view accept = request.Header(boost::beast::http::field::accept_language);
  if (!accept.empty()) return market.negotiator().Negotiate(accept);
  return market.default_locale();
}

// What a market that does not sell answers: 451 when suspended (with its
// reason and legal reference), 409 while planned.
Status Selling(const Market& market) {
  if (market.status() == MarketStatus::kSuspended) {
    std::string message = "market " + market.code() + " is suspended";
    if (market.suspension()) {
      message +=
          ": " + market.suspension()->reason + " (" + market.suspension()->legal_reference + ")";
    }
    return Status(ErrorCode::kUnavailableForLegal, message, "code");
  }
  if (market.status() == MarketStatus::kPlanned) {
    return Status(ErrorCode::kFailedPrecondition,
                  "market " + market.code() + " is planned and does not sell yet", "code");
  }
  return Status::Ok();
}

Response Localized(std::string body, const std::string& locale) {
  Response response;
  response.body = std::move(body);
  response.WithHeader("Content-Language", locale).WithHeader("Vary", "Accept-Language");
  return response;
}

Response Localized(boost::json::object body, const std::string& locale, uint64_t version) {
  body["snapshot_version"] = version;
  return Localized(boost::json::serialize(body), locale);
}

// A body that depends only on the snapshot, the market and the locale,
// rendered once per snapshot (rendered_bodies.h).
Response LocalizedOncePerSnapshot(const RouteContext& context, const MarketSnapshot& snapshot,
                                  std::string_view kind, const Market& market,
                                  const std::string& locale,
                                  boost::json::object (*render)(const Market&,
                                                                const std::string&)) {
  const std::string key = std::string(kind) + "/" + market.code() + "/" + locale;
  RenderedBodies::Body body = context.rendered_bodies().Get(snapshot.version(), key, [&] {
    boost::json::object json = render(market, locale);
    json["snapshot_version"] = snapshot.version();
    return boost::json::serialize(json);
  });
  return Localized(*body, locale);
}

}  // namespace

Result<Response> HandleListMarkets(const RouteContext& context, const Request&) {
  MG_ASSIGN_OR_RETURN(auto snapshot, Snapshot(context));
  boost::json::array markets;
  for (const auto& [code, market] : snapshot->markets()) {
    markets.push_back(MarketSummaryJson(*market));
  }
  return JsonResponse(boost::json::object{{"markets", std::move(markets)},
                                          {"snapshot_version", snapshot->version()}});
}

Result<Response> HandleGetMarket(const RouteContext& context, const Request& request) {
  MG_ASSIGN_OR_RETURN(auto snapshot, Snapshot(context));
  MG_ASSIGN_OR_RETURN(const Market* market, FindMarket(*snapshot, request.PathParam("code")));
  std::string locale = ChooseLocale(*market, request);
  return Localized(MarketJson(*market, locale, context.UsableProviders()), locale,
                   snapshot->version());
}

Result<Response> HandleGetCatalog(const RouteContext& context, const Request& request) {
  MG_ASSIGN_OR_RETURN(auto snapshot, Snapshot(context));
  MG_ASSIGN_OR_RETURN(const Market* market, FindMarket(*snapshot, request.PathParam("code")));
  MG_RETURN_IF_ERROR(Selling(*market));
  std::string locale = ChooseLocale(*market, request);
  return LocalizedOncePerSnapshot(context, *snapshot, "catalog", *market, locale, &CatalogJson);
}

Result<Response> HandleGetGifts(const RouteContext& context, const Request& request) {
  MG_ASSIGN_OR_RETURN(auto snapshot, Snapshot(context));
  MG_ASSIGN_OR_RETURN(const Market* market, FindMarket(*snapshot, request.PathParam("code")));
  MG_RETURN_IF_ERROR(Selling(*market));
  std::string locale = ChooseLocale(*market, request);
  return LocalizedOncePerSnapshot(context, *snapshot, "gifts", *market, locale, &GiftsJson);
}

}  // namespace mg::api
