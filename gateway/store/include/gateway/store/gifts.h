// Creators and the gifts viewers send them (docs/ledger.md, "Gifts"): the
// records the Store keeps for LIVE gifting. A gift moves coins out of the
// sender's wallet, oldest lot first, and credits the creator's diamonds in
// the same transaction, with its journal; it is never changed afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "gateway/store/records.h"

namespace mg::store {

inline constexpr std::string_view kGiftIdPrefix = "gft";

// A creator's account standing: a restricted creator receives nothing.
enum class CreatorStanding { kGood, kRestricted };
std::string_view Name(CreatorStanding standing);  // "good", "restricted"
Result<CreatorStanding> ParseCreatorStanding(std::string_view name);

// A creator registered to receive gifts, per API account (`owner`) as every
// record is. Holds provider tokens only: never a bank or card number.
struct Creator {
  std::string owner;
  std::string id;      // the platform's customer id of the creator
  std::string market;  // decides currency, rules and payout rails
  int age = 0;
  CreatorStanding standing = CreatorStanding::kGood;
  std::string payout_method;      // "pix", "bank_account", ...; empty: none yet
  std::string payout_token;       // the provider's token for it
  std::string tax_identity_json;  // {"status", "country", "reference"}, verbatim
  UnixMillis created_at_ms = 0;
  UnixMillis updated_at_ms = 0;
  friend bool operator==(const Creator&, const Creator&) = default;
};

struct GiftRecord {
  std::string id;  // "gft_<24 hex>"
  std::string owner;
  std::string market;  // the sender's market: its coins, its share
  std::string sender_id;
  std::string creator_id;
  std::string creator_market;
  std::string live_id;
  std::string gift;  // the catalog id ("rose")
  int64_t quantity = 0;
  int64_t coins = 0;     // quantity * the gift's coin cost
  int64_t diamonds = 0;  // credited to the creator
  UnixMillis created_at_ms = 0;
  friend bool operator==(const GiftRecord&, const GiftRecord&) = default;
};

// What a creator has earned, in diamonds; their money value is the
// creator's market's business (regions/gifting.h).
struct CreatorEarnings {
  int64_t balance = 0;  // diamonds not paid out yet (payable)
  int64_t earned = 0;   // diamonds ever credited
  int64_t gifts = 0;    // gifts received
  int64_t pending = 0;  // diamonds in payouts not final yet (payouts.h)
  int64_t paid = 0;     // diamonds in payouts paid
  // Diamonds taken back by refunds of the gifts' coin purchases (a market
  // with RefundAfterGifts::kClawBackDiamonds), less what failed refunds gave back.
  int64_t clawed_back = 0;
};

}  // namespace mg::store
