#include "gift_routes.h"

#include <boost/json/serialize.hpp>

#include "amount_json.h"
#include "api_errors.h"
#include "compliance/decide.h"
#include "gateway/store/ids.h"
#include "idempotency.h"
#include "pricing.h"
#include "regions/gifting.h"
#include "request_body.h"

namespace mg::api {
namespace {

constexpr const char* kInsufficientCoins = "insufficient_coins";

struct GiftInput {
  std::string market;
  std::string sender;
  std::optional<int> sender_age;
  std::string creator;
  std::string live_id;
  std::string gift;
  int64_t quantity = 0;
};

Result<GiftInput> ReadInput(const http::Request& request) {
  MG_ASSIGN_OR_RETURN(const boost::json::object* body, BodyObject(request.json));
  MG_RETURN_IF_ERROR(
      OnlyMembers(*body, {"market", "sender", "creator", "live_id", "gift", "quantity"}));
  GiftInput input;
  MG_ASSIGN_OR_RETURN(input.market, RequiredString(*body, "market", "market"));
  MG_ASSIGN_OR_RETURN(const boost::json::object* sender, OptionalObject(*body, "sender", "sender"));
  if (sender == nullptr) return InvalidArgument("missing required parameter 'sender'", "sender");
  MG_RETURN_IF_ERROR(OnlyMembers(*sender, {"id", "age"}, "sender."));
  MG_ASSIGN_OR_RETURN(input.sender, RequiredString(*sender, "id", "sender.id"));
  MG_ASSIGN_OR_RETURN(std::optional<int64_t> age, OptionalInt(*sender, "age", "sender.age"));
  if (age && (*age < 0 || *age > compliance::kMaxAge)) {
    return InvalidArgument("sender.age must be 0-" + std::to_string(compliance::kMaxAge),
                           "sender.age");
  }
  if (age) input.sender_age = static_cast<int>(*age);
  MG_ASSIGN_OR_RETURN(input.creator, RequiredString(*body, "creator", "creator"));
  if (input.creator == input.sender) {
    return InvalidArgument("a creator cannot send gifts to themself", "creator");
  }
  MG_ASSIGN_OR_RETURN(input.live_id, RequiredString(*body, "live_id", "live_id"));
  MG_ASSIGN_OR_RETURN(input.gift, RequiredString(*body, "gift", "gift"));
  MG_ASSIGN_OR_RETURN(std::optional<int64_t> quantity, OptionalInt(*body, "quantity", "quantity"));
  input.quantity = quantity.value_or(1);
  if (input.quantity < 1 || input.quantity > compliance::kMaxQuantity) {
    return InvalidArgument("quantity must be 1-" + std::to_string(compliance::kMaxQuantity),
                           "quantity");
  }
  return input;
}

// The gift of the catalog, available, or 422 naming why not.
Result<const regions::Gift*> CatalogGift(const regions::Market& market, const std::string& id) {
  const regions::Gift* gift = market.FindGift(id);
  if (gift == nullptr) {
    return Unprocessable("market " + market.code() + " has no gift '" + id + "'", "gift");
  }
  if (!gift->available) {
    return Unprocessable(
        "gift '" + id + "' is not available in " + market.code() + ": " + gift->unavailable_reason,
        "gift");
  }
  return gift;
}

// What a gift is, as both its response and its gift.sent event carry it.
boost::json::object GiftFields(const store::GiftRecord& gift) {
  return boost::json::object{{"id", gift.id},
                             {"object", "gift"},
                             {"market", gift.market},
                             {"sender", gift.sender_id},
                             {"creator", gift.creator_id},
                             {"creator_market", gift.creator_market},
                             {"live_id", gift.live_id},
                             {"gift", gift.gift},
                             {"quantity", gift.quantity},
                             {"coins", gift.coins},
                             {"diamonds", gift.diamonds}};
}

boost::json::object GiftJson(const store::GiftRecord& gift, const std::string& name,
                             std::string_view request_id) {
  boost::json::object out = GiftFields(gift);
  out["name"] = name;
  out["created"] = UnixSeconds(gift.created_at_ms);
  out["request_id"] = request_id;
  return out;
}

// The store's refusals, as the API answers them.
Status SendRefusal(const Status& status) {
  if (status.code() == ErrorCode::kOutOfRange) {
    return Status(ErrorCode::kPaymentDeclined, status.message(), "quantity");
  }
  if (status.code() == ErrorCode::kFailedPrecondition) {
    // The creator was restricted while the request ran.
    return Status(ErrorCode::kComplianceDenied, status.message(), "creator");
  }
  return status;
}

// Both sides of the gift, decided in the sender's market: the sender's
// age gate on send_gift, the creator's on receive_gift and their standing.
compliance::Decision DecideGift(const RouteContext& context, const regions::Market& market,
                                const GiftInput& input, int64_t coins,
                                const store::Creator& creator) {
  compliance::QuoteRequest request;
  request.kind = compliance::RequestKind::kGift;
  request.market = market.code();
  request.customer.id = input.sender;
  request.customer.age = input.sender_age;
  request.gift = compliance::Gift{
      coins,
      compliance::GiftRecipient{creator.age, creator.standing == store::CreatorStanding::kGood}};
  compliance::DecisionContext decision_context;
  decision_context.now = context.NowSeconds();
  return compliance::Decide(market, request, decision_context);
}

// The gift as the request describes it, with a new id; the caller sets
// what the market decides (its code, coins, diamonds).
Result<store::GiftRecord> NewGift(const RouteContext& context, const http::Request& request,
                                  const GiftInput& input, const store::Creator& creator) {
  store::GiftRecord gift;
  MG_ASSIGN_OR_RETURN(gift.id, store::NewId(store::kGiftIdPrefix));
  gift.owner = OwnerOf(request);
  gift.sender_id = input.sender;
  gift.creator_id = creator.id;
  gift.creator_market = creator.market;
  gift.live_id = input.live_id;
  gift.gift = input.gift;
  gift.quantity = input.quantity;
  gift.created_at_ms = context.NowMillis();
  return gift;
}

Result<FinalResponse> SendGift(const RouteContext& context, const http::Request& request,
                               IdempotentCall& call) {
  MG_ASSIGN_OR_RETURN(GiftInput input, ReadInput(request));
  MG_ASSIGN_OR_RETURN(MarketRef market, FindMarket(context, input.market));
  const regions::Market& sender_market = *market.market;
  if (IsSuspended(sender_market)) {
    return RenderedError(MarketSuspendedError(sender_market), request.request_id);
  }
  MG_ASSIGN_OR_RETURN(const regions::Gift* catalog_gift, CatalogGift(sender_market, input.gift));
  const int64_t coins = catalog_gift->coins * input.quantity;
  if (coins > compliance::kMaxGiftCoins) {
    return InvalidArgument("the gift would cost " + std::to_string(coins) +
                               " coins, above the most one gift may cost (" +
                               std::to_string(compliance::kMaxGiftCoins) + ")",
                           "quantity");
  }
  MG_ASSIGN_OR_RETURN(store::Creator creator,
                      NamedRecord(context.store().GetCreator(OwnerOf(request), input.creator),
                                  "creator", input.creator, "creator"));
  const regions::Market* creator_market = market.snapshot->Find(creator.market);
  if (creator_market != nullptr && IsSuspended(*creator_market)) {
    return RenderedError(MarketSuspendedError(*creator_market), request.request_id);
  }

  const compliance::Decision decision = DecideGift(context, sender_market, input, coins, creator);
  if (std::optional<http::Response> refusal = DecisionRefusal(decision, "sender.age")) {
    return RenderedError(*refusal, request.request_id);
  }
  Result<int64_t> diamonds = regions::DiamondsForCoins(sender_market, coins);
  if (!diamonds.ok()) return Unprocessable(diamonds.status().message(), "market");
  MG_ASSIGN_OR_RETURN(store::GiftRecord gift, NewGift(context, request, input, creator));
  gift.market = sender_market.code();
  gift.coins = coins;
  gift.diamonds = *diamonds;

  const std::string name = sender_market.GiftName(*catalog_gift, sender_market.default_locale());
  FinalResponse response{201, boost::json::serialize(GiftJson(gift, name, request.request_id)),
                         /*stored=*/true};
  store::Effects effects = call.KeyEffects();
  effects.events.push_back({"gift.sent", boost::json::serialize(GiftFields(gift))});
  effects.response = store::StoredResponse{response.status_code, response.body};
  Result<store::GiftRecord> sent = context.store().SendGift(gift, effects);
  // A request that lost its key to another (RunLocalIdempotent) is answered
  // as that one: it is not a gift of its own.
  if (store::IsIdempotencyKeyTaken(sent.status())) return sent.status();
  context.gifts_total()
      .WithLabels(
          {gift.market, sent.ok() ? "sent" : std::string(ErrorCodeName(sent.status().code()))})
      .Increment();
  if (!sent.ok()) return SendRefusal(sent.status());
  call.MarkWritten();
  return response;
}

}  // namespace

Result<http::Response> HandleSendGift(const RouteContext& context, const http::Request& request) {
  Result<http::Response> response = RunLocalIdempotent(
      context, request, [&](IdempotentCall& call) { return SendGift(context, request, call); });
  if (!response.ok() && response.status().code() == ErrorCode::kPaymentDeclined) {
    return CodedError(response.status(), kInsufficientCoins);
  }
  return response;
}

Result<http::Response> HandleGetGift(const RouteContext& context, const http::Request& request) {
  const std::string id(request.PathParam("id"));
  MG_ASSIGN_OR_RETURN(store::GiftRecord gift,
                      OwnedRecord(context.store().GetGift(id), request, "gift", id, "id"));
  MG_ASSIGN_OR_RETURN(std::shared_ptr<const regions::MarketSnapshot> snapshot, context.Snapshot());
  const regions::Market* market = snapshot->Find(gift.market);
  const regions::Gift* catalog_gift = market != nullptr ? market->FindGift(gift.gift) : nullptr;
  const std::string name = catalog_gift != nullptr
                               ? market->GiftName(*catalog_gift, market->default_locale())
                               : gift.gift;
  return http::JsonResponse(GiftJson(gift, name, request.request_id));
}

}  // namespace mg::api
