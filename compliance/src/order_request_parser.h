// Reading the order members of a request body (kind "order"): its items
// are goods a seller priced, not catalog SKUs. Internal to the request parser.
#pragma once

#include "compliance/request.h"
#include "json_fields.h"

namespace mg::compliance {

// Reads shipping_address, ships_from, seller, items, affiliate and
// attribution from `top`; the first error sticks in `error`.
Order ReadOrder(JsonFields& top, Status& error);

}  // namespace mg::compliance
