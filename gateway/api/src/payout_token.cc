#include "payout_token.h"

#include <regex>

#include "gateway/providers/payment_provider.h"
#include "request_body.h"

namespace mg::api {

Status CheckPayoutToken(const std::string& token, std::string_view param) {
  static const std::regex kToken("[A-Za-z0-9_.:-]{4,200}");
  static const std::regex kIban("[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{11,30}");
  static const std::regex kDigits("[0-9 -]{6,}");
  if (providers::LooksLikeCardNumber(token) || std::regex_match(token, kIban) ||
      std::regex_match(token, kDigits)) {
    return InvalidArgument(std::string(param) +
                               " looks like a card or bank account number; send the provider's "
                               "token for it, never the number",
                           std::string(param));
  }
  if (!std::regex_match(token, kToken)) {
    return InvalidArgument(
        std::string(param) + " must be a provider token: 4-200 letters, digits or _ . : -",
        std::string(param));
  }
  return Status::Ok();
}

}  // namespace mg::api
