#include "payout_json.h"

namespace mg::api {

boost::json::object PayoutFields(const store::PayoutRecord& payout, const AmountRenderer& amounts) {
  boost::json::object out{{"id", payout.id}, {"object", "payout"}};
  if (payout.seller_id.empty()) {
    out["creator"] = payout.creator_id;
  } else {
    out["seller"] = payout.seller_id;
  }
  out["market"] = payout.market;
  out["state"] = store::Name(payout.state);
  if (payout.seller_id.empty()) out["diamonds"] = payout.diamonds;
  out["currency"] = payout.currency;
  out["gross"] = amounts(payout.gross_minor);
  out["withheld"] = amounts(payout.withheld_minor);
  out["net"] = amounts(payout.net_minor);
  out["method"] = payout.method;
  out["provider"] = payout.provider;
  out["provider_reference"] = payout.provider_reference;
  if (!payout.fx_rate.empty()) {
    out["fx"] =
        boost::json::object{{"rate", payout.fx_rate}, {"as_of", UnixSeconds(payout.fx_as_of_ms)}};
  }
  if (!payout.failure_code.empty() || !payout.failure_message.empty()) {
    out["failure"] =
        boost::json::object{{"code", payout.failure_code}, {"message", payout.failure_message}};
  }
  out["created"] = UnixSeconds(payout.created_at_ms);
  out["updated"] = UnixSeconds(payout.updated_at_ms);
  return out;
}

boost::json::array SellerOrderParts(const std::vector<store::SellerOrderPart>& parts,
                                    const AmountRenderer& amounts, bool with_holding_ends) {
  boost::json::array out;
  for (const store::SellerOrderPart& part : parts) {
    boost::json::object item{{"order", part.purchase_id},
                             {"seller_part", amounts(part.seller_minor)}};
    if (with_holding_ends) {
      item["holding_ends"] = part.holding_ends_ms
                                 ? boost::json::value(UnixSeconds(*part.holding_ends_ms))
                                 : boost::json::value(nullptr);
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace mg::api
