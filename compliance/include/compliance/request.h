// QuoteRequest: what a client asks to buy, gift or book, in one market. The
// HTTP API body (POST /v1/quotes), the `marketgate quote` flags and the
// `request:` of a compliance case all become this one struct, so that every
// path is priced and decided by the same code.
//
// Amounts in a request are exact decimal strings in the market currency's
// major units ("0.99", "150" for JPY), as in the market files. They are kept
// as text here because the currency is known only once the market is
// resolved; BuildQuote() converts them and reports "too many decimals for JPY"
// against the parameter that carried them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "regions/rules.h"

namespace mg::compliance {

// kPayout: a creator's payout previewed and decided (compliance cases; the
// API pays with POST /v1/payouts and quotes none). kOrder: goods a
// third-party seller lists, bought in the shop (regions/order_pricing.h).
enum class RequestKind { kPurchase, kGift, kAdBooking, kPayout, kOrder };
// "purchase", "gift", "ad_booking", "payout", "order"
const char* RequestKindName(RequestKind kind);

// Limits on a request; bad traffic is refused with kInvalidArgument.
inline constexpr int kMaxLineItems = 50;
inline constexpr int64_t kMaxQuantity = 999;
inline constexpr int64_t kMaxGiftCoins = 1'000'000;
inline constexpr int kMaxAdDays = 366;
inline constexpr int kMaxAge = 150;
inline constexpr int64_t kMaxPayoutDiamonds = 1'000'000'000'000;

struct LineItem {
  std::string sku;
  int64_t quantity = 1;  // 1..kMaxQuantity
};

// A business buyer: decides B2B reverse charge.
struct BusinessParty {
  std::string vat_id;
  std::string billing_country;  // ISO 3166-1 alpha-2
};

// Spend figures carried by the request itself (CLI, compliance cases). In the
// API they come from the store through SpendHistory instead.
struct DeclaredSpend {
  std::string last_24h = "0";        // amount, rolling 24 hours before now
  std::string last_30d = "0";        // amount, rolling 30 days before now
  std::string since_last_sca = "0";  // amount since the customer's last SCA
  int64_t count_since_last_sca = 0;  // payments since the last SCA
};

struct Customer {
  std::string id;          // optional; the key for SpendHistory look-ups
  std::optional<int> age;  // unknown when absent
  // Express consent to immediate delivery of digital content. Docs treat it as
  // one combined checkbox that also acknowledges the loss of the right of
  // withdrawal; a client that asks the two separately sends
  // acknowledges_withdrawal_loss too, and `false` there withholds consent.
  bool consent_immediate_delivery = false;
  std::optional<bool> acknowledges_withdrawal_loss;
  std::string payment_method;  // optional: "card", "ideal", ...
  std::optional<BusinessParty> business;
  std::optional<DeclaredSpend> spend;
};

// The creator a gift goes to, as their record says: an age gate on
// receive_gift reads this age, and a creator not in good standing receives
// nothing (the check kCreatorStandingCheckId).
struct GiftRecipient {
  std::optional<int> age;  // unknown when absent
  bool in_good_standing = true;
};

// The creator a payout goes to, as their record says: the market's
// receive_gift age gates read this age (a minor is never paid), and the
// payout checks the standing and the tax identity.
struct PayoutRecipient {
  std::optional<int> age;
  bool in_good_standing = true;
  bool tax_identity_verified = false;
};

// A payout to preview: the creator's diamonds to pay and the creator as
// their record says.
struct PayoutCase {
  int64_t diamonds = 0;  // 1..kMaxPayoutDiamonds
  PayoutRecipient creator;
};

struct Gift {
  int64_t coins = 0;  // 1..kMaxGiftCoins
  // Absent in a quote that does not name the creator: only the sender's
  // side is decided then.
  std::optional<GiftRecipient> creator;
};

struct AdTargeting {
  bool profiling = false;       // personalized by profiling
  bool sensitive_data = false;  // uses special-category (GDPR Art. 9) data
  bool consent = false;         // the audience consented to personalization
  // Whether the audience may include minors. Absent: derived from
  // audience_min_age (minors included when it is below 18 or unknown).
  std::optional<bool> includes_minors;
};

struct Advertiser {
  std::string name;
  std::optional<BusinessParty> business;  // vat_id + billing_country, when given
};

struct AdBooking {
  std::string format;  // a format of the market's ad rate card
  regions::AdCategory category = regions::AdCategory::kOther;
  std::optional<std::string> budget;        // amount; cpm formats
  std::optional<int> days;                  // per_day formats: 1..kMaxAdDays
  std::optional<std::string> flight_start;  // per_day alternative: ISO dates,
  std::optional<std::string> flight_end;    // inclusive, in the market's time zone
  std::optional<int> audience_min_age;
  AdTargeting targeting;
  std::string licence_reference;
  bool brand_only = false;
  bool paid_partnership = false;
  Advertiser advertiser;
};

// A purchase under a recurring mandate (India's e-mandates, the SCA rule's
// recurring_mandate): the payment that registers the mandate, or a later
// debit under it with how long before it the customer was sent the
// pre-debit notice.
struct RecurringPayment {
  enum class Stage { kRegistration, kDebit };
  Stage stage = Stage::kRegistration;
  std::optional<int> notified_hours_before;  // debits; absent: no notice was sent
};

// An order of goods from a third-party seller (docs/markets.md, "Commerce").
// Amounts are text, as everywhere in a request.
struct ShippingAddress {
  std::string country;      // ISO 3166-1 alpha-2: must be the market's
  std::string subdivision;  // ISO 3166-2 ("US-TX"), where the market needs one
  std::string postal_code;
  std::string city;
  std::vector<std::string> lines;
};

struct OrderSellerParty {
  std::string id;
  std::string country;       // of establishment
  std::string registration;  // its VAT/GST number in the market; empty: none
};

struct OrderLineItem {
  std::string listing;
  std::string title;
  std::string unit_price;  // amount in the market currency
  std::string tax_class;   // physical_goods or physical_goods_reduced
  std::string category;    // one of the market's commerce.categories
  int64_t quantity = 1;    // 1..kMaxQuantity
};

struct OrderAffiliate {
  std::string creator;  // the creator whose video or LIVE sold it
  std::string rate;     // percent the seller offered, (0, 100]
};

// What sold the order: a LIVE, a shoppable ad (an ad booking) or a product
// link in a video.
struct OrderAttribution {
  enum class Type { kLive, kShoppableAd, kProductLink };
  Type type = Type::kLive;
  std::string id;  // the LIVE, the ad booking or the video
};
const char* AttributionTypeName(OrderAttribution::Type type);  // "live", ...

struct Order {
  ShippingAddress shipping_address;
  std::string ships_from;  // country the goods leave from; empty: the seller's
  OrderSellerParty seller;
  std::vector<OrderLineItem> items;  // 1..kMaxLineItems
  std::optional<OrderAffiliate> affiliate;
  OrderAttribution attribution;
};

struct QuoteRequest {
  RequestKind kind = RequestKind::kPurchase;
  std::string market;           // ISO 3166-1 alpha-2
  std::string locale;           // BCP 47; empty: negotiate / market default
  std::string subdivision;      // ISO 3166-2 ("US-CA"); empty when none
  std::vector<LineItem> items;  // purchase only
  Customer customer;
  std::optional<Gift> gift;                   // gift only
  std::optional<AdBooking> ad;                // ad_booking only
  std::optional<PayoutCase> payout;           // payout only
  std::optional<RecurringPayment> recurring;  // purchase only
  std::optional<Order> order;                 // order only (its items are order.items)
};

// Checks the limits and the fields each kind needs (items for a purchase, a
// gift for a gift, an ad for a booking); the error names the parameter
// ("items[0].quantity"). Parsers call it; so may code that builds requests.
Status ValidateQuoteRequest(const QuoteRequest& request);

// Number of days between two ISO dates ("2026-12-01".."2026-12-03" -> 3,
// inclusive). Errors: malformed dates, end before start.
Result<int> FlightDays(const std::string& start, const std::string& end);

}  // namespace mg::compliance
