// GET /console/money?id= looks up a purchase (or order), refund, ad
// booking, gift or payout by its id, with the provider calls made for it
// and the journals it posted; amounts in the operator's locale.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "gateway/store/store.h"
#include "operator_format.h"

namespace mg::console {

// The lookup form, then the record `id` names (a message when none does);
// the form alone for an empty id.
Result<std::string> MoneyBody(store::Store& store, std::string_view id,
                              const OperatorFormat& format);

}  // namespace mg::console
