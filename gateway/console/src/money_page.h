// The console's money pages: GET /console/money?id= looks up a purchase
// (or order), refund, ad booking or payout by its id, with the provider
// calls made for it and the journals it posted; GET /console/attention
// lists what is escalated for a person (provider calls and payouts still
// unknown after every check).
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "gateway/store/store.h"
#include "sessions.h"

namespace mg::console {

// The lookup form, then the record `id` names (a message when none does);
// the form alone for an empty id.
Result<std::string> MoneyBody(store::Store& store, std::string_view id);

Result<std::string> AttentionBody(store::Store& store, TimePoint now);

}  // namespace mg::console
