// What the store's gift and refund-after-gift tests share: a Brazilian
// creator, a settled coin purchase and a gift of hearts, all of account "app".
#pragma once

#include <string>

#include "store_test_fixture.h"

namespace mg::store::testing {

inline constexpr UnixMillis kT0 = 1'700'000'000'000;

inline Creator BrazilianCreator() {
  Creator creator;
  creator.owner = "app";
  creator.id = "cus_creator";
  creator.market = "BR";
  creator.age = 25;
  creator.payout_method = "pix";
  creator.payout_token = "pixkey_tok_1";
  creator.tax_identity_json = R"({"status":"verified","country":"BR"})";
  creator.created_at_ms = kT0;
  return creator;
}

// A settled purchase of `coins` coins for `net` (EUR minor, tax free) by
// customer cus_1 of account "app".
inline std::string BuyCoins(Store& store, int64_t coins, int64_t net, UnixMillis at) {
  Purchase purchase = SamplePurchase(at);
  purchase.owner = "app";
  purchase.coins = coins;
  purchase.subtotal_minor = purchase.total_minor = net;
  purchase.tax_minor = 0;
  Result<Purchase> created = store.CreatePurchase(purchase, {});
  EXPECT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(store
                  .TransitionPurchase(created->id, {PurchaseState::kCreated},
                                      PurchaseState::kSucceeded,
                                      PaymentChanges::At(at + 1).set_captured_minor(net), {})
                  .ok());
  return created->id;
}

inline GiftRecord Hearts(int64_t quantity, UnixMillis at = kT0 + 100) {
  GiftRecord gift;
  gift.owner = "app";
  gift.market = "DE";
  gift.sender_id = "cus_1";
  gift.creator_id = "cus_creator";
  gift.creator_market = "BR";
  gift.live_id = "live_1";
  gift.gift = "heart";
  gift.quantity = quantity;
  gift.coins = 5 * quantity;
  gift.diamonds = gift.coins / 2;
  gift.created_at_ms = at;
  return gift;
}

// A Pix payout of `diamonds` of cus_creator's, at BRL 0.025 a diamond with
// 10 % withheld.
inline PayoutRecord Payout(int64_t diamonds, UnixMillis at = kT0 + 100) {
  PayoutRecord payout;
  payout.owner = "app";
  payout.creator_id = "cus_creator";
  payout.market = "BR";
  payout.diamonds = diamonds;
  payout.currency = "BRL";
  payout.gross_minor = diamonds * 5 / 2;  // BRL 0.025 per diamond
  payout.withheld_minor = payout.gross_minor / 10;
  payout.net_minor = payout.gross_minor - payout.withheld_minor;
  payout.method = "pix";
  payout.provider = "pix";
  payout.destination = "pixkey_tok_1";
  payout.created_at_ms = at;
  payout.next_check_at_ms = at + 60'000;
  return payout;
}

}  // namespace mg::store::testing
