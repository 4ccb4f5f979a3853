// Stripe's list of PaymentIntents (GET /v1/payment_intents) read into
// ListedCharge, one per intent (the payment our store knows by its pi_ id),
// for `marketgate audit`. Pure request building and response mapping, no I/O.
#pragma once

#include <string_view>
#include <vector>

#include "gateway/outbound/http_client.h"
#include "gateway/providers/payment_provider.h"

namespace mg::providers::stripe {

// GET /v1/payment_intents?limit=100&created[gte]=..&created[lt]=..
// &expand[]=data.latest_charge.refunds (the intent's money moves on its
// latest charge, whose refunds are not embedded unless expanded since API
// version 2022-11-15), then &starting_after=<last id> for the next page.
outbound::HttpRequest BuildListCharges(std::string_view base_url, const ChargeListRequest& request,
                                       std::string_view starting_after);

struct ChargePage {
  std::vector<ListedCharge> charges;
  bool has_more = false;
};

// A `list` of PaymentIntents: succeeded -> captured, requires_capture ->
// authorized, canceled -> voided, requires_payment_method after an error ->
// failed, anything else pending; refunds from the latest charge. kUnavailable when Stripe answered
// an error or something that is not a list: an audit never reads a partial answer as "no charges".
Result<ChargePage> MapChargeList(std::string_view provider, const outbound::HttpResponse& response);

}  // namespace mg::providers::stripe
