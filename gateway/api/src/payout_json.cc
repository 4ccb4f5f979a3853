#include "payout_json.h"

namespace mg::api {

boost::json::object PayoutFields(const store::PayoutRecord& payout, const AmountRenderer& amounts) {
  boost::json::object out{{"id", payout.id},
                          {"object", "payout"},
                          {"creator", payout.creator_id},
                          {"market", payout.market},
                          {"state", store::Name(payout.state)},
                          {"diamonds", payout.diamonds},
                          {"currency", payout.currency},
                          {"gross", amounts(payout.gross_minor)},
                          {"withheld", amounts(payout.withheld_minor)},
                          {"net", amounts(payout.net_minor)},
                          {"method", payout.method},
                          {"provider", payout.provider},
                          {"provider_reference", payout.provider_reference}};
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

}  // namespace mg::api
