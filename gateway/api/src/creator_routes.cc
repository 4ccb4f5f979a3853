#include "creator_routes.h"

#include <boost/json/serialize.hpp>
#include <regex>

#include "amount_json.h"
#include "api_errors.h"
#include "compliance/decide.h"
#include "gateway/providers/payment_provider.h"
#include "payout_token.h"
#include "pricing.h"
#include "regions/gifting.h"
#include "request_body.h"

namespace mg::api {
namespace {

constexpr int kMaxCreatorAge = 150;

Status ReadPayout(const boost::json::object& body, store::Creator& creator) {
  MG_ASSIGN_OR_RETURN(const boost::json::object* payout, OptionalObject(body, "payout", "payout"));
  if (payout == nullptr) return Status::Ok();
  MG_RETURN_IF_ERROR(OnlyMembers(*payout, {"method", "token"}, "payout."));
  MG_ASSIGN_OR_RETURN(creator.payout_method, RequiredString(*payout, "method", "payout.method"));
  static const std::regex kMethod("[a-z][a-z0-9_]{0,31}");
  if (!std::regex_match(creator.payout_method, kMethod)) {
    return InvalidArgument("payout.method must be a method name such as \"pix\"", "payout.method");
  }
  MG_ASSIGN_OR_RETURN(creator.payout_token, RequiredString(*payout, "token", "payout.token"));
  return CheckPayoutToken(creator.payout_token, "payout.token");
}

Status ReadTaxIdentity(const boost::json::object& body, store::Creator& creator) {
  boost::json::object identity{{"status", "missing"}};
  MG_ASSIGN_OR_RETURN(const boost::json::object* given,
                      OptionalObject(body, "tax_identity", "tax_identity"));
  if (given != nullptr) {
    MG_RETURN_IF_ERROR(OnlyMembers(*given, {"status", "country", "reference"}, "tax_identity."));
    MG_ASSIGN_OR_RETURN(std::string status,
                        RequiredString(*given, "status", "tax_identity.status"));
    if (status != "verified" && status != "pending" && status != "missing") {
      return InvalidArgument("tax_identity.status must be verified, pending or missing",
                             "tax_identity.status");
    }
    identity["status"] = status;
    MG_ASSIGN_OR_RETURN(std::optional<std::string> country,
                        OptionalString(*given, "country", "tax_identity.country"));
    if (country) {
      static const std::regex kCountry("[A-Z]{2}");
      if (!std::regex_match(*country, kCountry)) {
        return InvalidArgument("tax_identity.country must be an ISO 3166-1 alpha-2 code",
                               "tax_identity.country");
      }
      identity["country"] = *country;
    }
    MG_ASSIGN_OR_RETURN(std::optional<std::string> reference,
                        OptionalString(*given, "reference", "tax_identity.reference"));
    if (reference) {
      MG_RETURN_IF_ERROR(CheckPayoutToken(*reference, "tax_identity.reference"));
      identity["reference"] = *reference;
    }
  }
  creator.tax_identity_json = boost::json::serialize(identity);
  return Status::Ok();
}

Result<store::Creator> ReadCreator(const http::Request& request, std::string id) {
  MG_ASSIGN_OR_RETURN(const boost::json::object* body, BodyObject(request.json));
  MG_RETURN_IF_ERROR(OnlyMembers(*body, {"market", "age", "standing", "payout", "tax_identity"}));
  store::Creator creator;
  creator.owner = OwnerOf(request);
  creator.id = std::move(id);
  MG_ASSIGN_OR_RETURN(creator.market, RequiredString(*body, "market", "market"));
  MG_ASSIGN_OR_RETURN(std::optional<int64_t> age, OptionalInt(*body, "age", "age"));
  if (!age) return InvalidArgument("missing required parameter 'age'", "age");
  if (*age < 0 || *age > kMaxCreatorAge) {
    return Unprocessable(
        "age " + std::to_string(*age) + " is outside 0-" + std::to_string(kMaxCreatorAge), "age");
  }
  creator.age = static_cast<int>(*age);
  MG_ASSIGN_OR_RETURN(std::optional<std::string> standing,
                      OptionalString(*body, "standing", "standing"));
  if (standing) {
    Result<store::CreatorStanding> parsed = store::ParseCreatorStanding(*standing);
    if (!parsed.ok()) return InvalidArgument("standing must be good or restricted", "standing");
    creator.standing = *parsed;
  }
  MG_RETURN_IF_ERROR(ReadPayout(*body, creator));
  MG_RETURN_IF_ERROR(ReadTaxIdentity(*body, creator));
  return creator;
}

boost::json::object CreatorJson(const store::Creator& creator, const regions::Market* market,
                                std::string_view request_id) {
  boost::json::object out{{"object", "creator"},
                          {"id", creator.id},
                          {"market", creator.market},
                          {"age", creator.age},
                          {"standing", store::Name(creator.standing)}};
  out["currency"] = market != nullptr ? boost::json::value(market->currency().str())
                                      : boost::json::value(nullptr);
  out["payout"] = creator.payout_method.empty()
                      ? boost::json::value(nullptr)
                      : boost::json::value(boost::json::object{{"method", creator.payout_method},
                                                               {"token", creator.payout_token}});
  out["tax_identity"] = ParseStoredJson(creator.tax_identity_json);
  out["created"] = UnixSeconds(creator.created_at_ms);
  out["updated"] = UnixSeconds(creator.updated_at_ms);
  out["request_id"] = request_id;
  return out;
}

Result<store::Creator> FindCreator(const RouteContext& context, const http::Request& request) {
  const std::string id(request.PathParam("id"));
  return NamedRecord(context.store().GetCreator(OwnerOf(request), id), "creator", id, "id");
}

}  // namespace

Result<http::Response> HandlePutCreator(const RouteContext& context, const http::Request& request) {
  MG_ASSIGN_OR_RETURN(store::Creator creator,
                      ReadCreator(request, std::string(request.PathParam("id"))));
  MG_ASSIGN_OR_RETURN(MarketRef market, FindMarket(context, creator.market));
  if (IsSuspended(*market.market)) return MarketSuspendedError(*market.market);
  if (!market.market->gifting().diamond_value) {
    return Unprocessable("market " + creator.market +
                             " declares no gifting.diamond_value: its creators cannot be paid",
                         "market");
  }
  // Eligibility by age; the standing given is recorded as it is (ops
  // restrict creators through this same call).
  const compliance::Decision decision =
      compliance::DecideCreator(*market.market, compliance::GiftRecipient{creator.age, true});
  if (!decision.allowed()) return ComplianceDeniedError(decision);

  const bool existed = context.store().GetCreator(creator.owner, creator.id).ok();
  creator.created_at_ms = creator.updated_at_ms = context.NowMillis();
  MG_ASSIGN_OR_RETURN(store::Creator stored, context.store().PutCreator(creator));
  http::Response response =
      http::JsonResponse(CreatorJson(stored, market.market, request.request_id));
  if (!existed) response.status = boost::beast::http::status::created;
  return response;
}

Result<http::Response> HandleGetCreator(const RouteContext& context, const http::Request& request) {
  MG_ASSIGN_OR_RETURN(store::Creator creator, FindCreator(context, request));
  MG_ASSIGN_OR_RETURN(std::shared_ptr<const regions::MarketSnapshot> snapshot, context.Snapshot());
  return http::JsonResponse(
      CreatorJson(creator, snapshot->Find(creator.market), request.request_id));
}

Result<http::Response> HandleGetEarnings(const RouteContext& context,
                                         const http::Request& request) {
  MG_ASSIGN_OR_RETURN(store::Creator creator, FindCreator(context, request));
  MG_ASSIGN_OR_RETURN(MarketRef market, FindMarket(context, creator.market));
  MG_ASSIGN_OR_RETURN(store::CreatorEarnings earnings,
                      context.store().GetCreatorEarnings(creator.owner, creator.id));
  const regions::Market& creator_market = *market.market;
  MG_ASSIGN_OR_RETURN(Money payable, regions::ValueOfDiamonds(creator_market, earnings.balance));
  MG_ASSIGN_OR_RETURN(Money pending, regions::ValueOfDiamonds(creator_market, earnings.pending));
  MG_ASSIGN_OR_RETURN(Money paid, regions::ValueOfDiamonds(creator_market, earnings.paid));
  const regions::GiftingFigure& value = *creator_market.gifting().diamond_value;
  const AmountRenderer amounts(creator_market.currency(), &creator_market.DefaultFormatter());
  boost::json::object body{{"object", "creator_earnings"},
                           {"creator", creator.id},
                           {"market", creator.market},
                           {"currency", creator_market.currency().str()},
                           {"diamonds", earnings.balance},
                           {"diamonds_earned", earnings.earned},
                           {"gifts_received", earnings.gifts},
                           // Taken back by viewers' refunds (the market's
                           // gifting.refund_after_gifts is claw_back_diamonds).
                           {"diamonds_clawed_back", earnings.clawed_back},
                           {"diamond_value", boost::json::object{{"amount", value.value.ToString()},
                                                                 {"basis", value.basis}}},
                           {"rounding", RoundingModeName(creator_market.gifting().rounding)},
                           {"payable", amounts(payable.minor_units())},
                           // Diamonds in payouts not final yet, and paid
                           // out, valued at today's diamond value (each
                           // payout shows what it paid: GET /v1/payouts/{id}).
                           {"diamonds_pending", earnings.pending},
                           {"pending", amounts(pending.minor_units())},
                           {"diamonds_paid", earnings.paid},
                           {"paid", amounts(paid.minor_units())},
                           {"request_id", request.request_id}};
  return http::JsonResponse(body);
}

}  // namespace mg::api
