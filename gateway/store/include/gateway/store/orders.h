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

}  // namespace mg::store
