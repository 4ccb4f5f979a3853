// The payee's destination at a payout provider, as requests name it.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace mg::api {

// A provider's token ("pixkey_tok_9f2", "acct_1Nv..."), never the number it
// stands for: card numbers, IBANs and bare account numbers are refused
// without being echoed (kInvalidArgument naming `param`).
Status CheckPayoutToken(const std::string& token, std::string_view param);

}  // namespace mg::api
