// Stripe's list of charges (GET /v1/charges) read into ListedCharge, for
// `marketgate audit`. Pure request building and response mapping, no I/O.
#pragma once

#include <string_view>
#include <vector>

#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"

namespace mg::providers::stripe {

// GET /v1/charges?limit=100&created[gte]=..&created[lt]=..&expand[]=data.refunds
// (refunds are not embedded in charges since API version 2022-11-15 unless
// expanded), then &starting_after=<last id> for the next page.
outbound::HttpRequest BuildListCharges(std::string_view base_url, const ChargeListRequest& request,
                                       std::string_view starting_after);

struct ChargePage {
  std::vector<ListedCharge> charges;
  bool has_more = false;
};

// A `list` of charge objects. kUnavailable when Stripe answered an error or
// something that is not a list: an audit never reads a partial answer as
// "no charges".
Result<ChargePage> MapChargeList(std::string_view provider, const outbound::HttpResponse& response);

}  // namespace mg::providers::stripe
