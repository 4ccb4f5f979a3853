// Orders of goods from third-party sellers (docs/ledger.md, "Orders"). An
// order is a purchase (records.h) whose basket is a seller's goods; its split
// of what the buyer pays is written with it, in the transaction that creates
// the purchase, and decides the journals of the purchase and of its refunds:
// the buyer's money goes to the seller payable, the affiliate creator's
// commission, the platform's revenue and, where the platform remits it, the
// tax. Amounts in minor units of the purchase's currency; they add up to its
// total.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mg::store {

struct OrderSplit {
  std::string purchase_id;  // set by CreatePurchase
  std::string owner;        // the API account, as the purchase's
  std::string seller_id;
  std::string creator_id;  // the affiliate creator; empty: none
  int64_t platform_tax_minor = 0;
  int64_t seller_payable_minor = 0;
  int64_t creator_payable_minor = 0;
  int64_t platform_revenue_minor = 0;
  std::string attribution_type;  // "live", "shoppable_ad", "product_link"
  std::string attribution_id;
  int64_t holding_days = 0;
  // When the goods reached the buyer (RecordDelivery): the return window and
  // the seller's holding period start then. Unset until delivered.
  std::optional<int64_t> delivered_at_ms;

  friend bool operator==(const OrderSplit&, const OrderSplit&) = default;
};

// The orders a LIVE, an ad booking or a video sold (their attribution) that
// were paid, and the money they kept: captured less refunded, in the
// currency of the orders (an attribution's orders share its market's). The
// app's purchase flow and the ad-booking tools may be different API
// accounts: orders of every account count.
struct AttributedOrders {
  int64_t count = 0;
  int64_t value_minor = 0;
};

// An order's part of a seller payout: the seller's part of it as the
// journals of the order and of its refunds left it when the payout was made.
struct SellerOrderPart {
  std::string purchase_id;
  int64_t seller_minor = 0;
  // When its holding period ends (delivery + the market's holding days);
  // unset while the goods are not delivered.
  std::optional<int64_t> holding_ends_ms;
  friend bool operator==(const SellerOrderPart&, const SellerOrderPart&) = default;
};

// What a seller may be paid now in one currency (docs/payouts.md, "Seller
// payouts"): the seller payable's balance owed, less the parts of the
// orders not yet payable (not delivered, in their holding period, or not
// yet settled). A return after a payout leaves a debt that the next payout
// nets; payable_minor is never paid when it is not positive.
struct SellerPayable {
  int64_t owed_minor = 0;     // minus the seller_payable balance (negative: a debt)
  int64_t held_minor = 0;     // the parts of the orders still held
  int64_t payable_minor = 0;  // owed - held
  std::vector<SellerOrderPart> payable_orders;  // paid by the next payout
  std::vector<SellerOrderPart> held_orders;
};

}  // namespace mg::store
