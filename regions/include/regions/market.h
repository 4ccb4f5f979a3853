// The typed, immutable model of one market (docs/markets.md), and what is
// built from it once at load so that requests do no per-request setup: one
// MoneyFormatter per supported locale, a LocaleNegotiator and SKU lookup.
//
// A Market is created by the loader (market_loader.h) from a validated
// MarketSpec and never changes afterwards; all methods are const and safe to
// call from many threads at once. Markets live inside a MarketSnapshot
// (snapshot.h); keep the snapshot's shared_ptr for as long as you use them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "currency/currency_code.h"
#include "currency/decimal.h"
#include "currency/locale_negotiation.h"
#include "currency/money.h"
#include "currency/money_format.h"
#include "currency/price_localization.h"
#include "currency/rounding.h"
#include "regions/commerce.h"
#include "regions/rules.h"

namespace mg::regions {

// ---------------------------------------------------------------------------
// Plain data, as declared in the market file after merging its packs.
// ---------------------------------------------------------------------------

enum class MarketStatus { kLive, kSuspended, kPlanned };
const char* MarketStatusName(MarketStatus status);  // "live", "suspended", "planned"

// Present iff status == kSuspended (the loader enforces it).
struct Suspension {
  std::string reason;
  std::string legal_reference;
  std::string source;
  std::string since;  // ISO date as declared; may be empty
  bool verified = true;
};

// The selling entity; decides what is domestic and what is cross-border.
struct Entity {
  std::string name;
  std::string country;  // ISO 3166-1 alpha-2
  std::string source;
  bool verified = true;
};

struct DisplayOptions {
  std::optional<int> digits;  // decimals shown; default the currency's ISO digits
  MoneyStyle style = MoneyStyle::kSymbol;
};

// The tax classes a market may declare.
inline constexpr const char* kTaxClassVirtualCurrency = "virtual_currency";
inline constexpr const char* kTaxClassDigitalService = "digital_service";
inline constexpr const char* kTaxClassAdvertising = "advertising";
inline constexpr const char* kTaxClassPhysicalGoods = "physical_goods";
inline constexpr const char* kTaxClassPhysicalGoodsReduced = "physical_goods_reduced";
const std::vector<std::string>& KnownTaxClasses();

struct TaxComponent {
  std::string name;       // local name: "MwSt.", "TVA", "GST", "QST", "消費税"
  Decimal rate;           // percent: "19" -> 19, "9.975"; 0 <= rate <= 100, <= 4 decimals
  bool compound = false;  // charged on the base plus the components before it
  std::string source;
  bool verified = true;
};

// Tax class name -> components. An empty list means exempt.
using TaxClasses = std::map<std::string, std::vector<TaxComponent>>;

enum class RoundingLevel {
  kLine,     // each line's tax is rounded on its own
  kInvoice,  // per tax rate per invoice (Japan), then allocated to the lines
};
const char* RoundingLevelName(RoundingLevel level);  // "line", "invoice"

struct TaxRounding {
  RoundingMode mode = RoundingMode::kHalfUp;
  RoundingLevel level = RoundingLevel::kLine;
  std::string source;
  bool verified = true;
};

// B2B reverse charge (docs/markets.md, "Tax").
struct ReverseChargeConfig {
  std::vector<std::string> countries;  // billing countries whose businesses qualify
  std::vector<std::string> classes;    // tax classes it applies to
  std::string note;
  std::string legal_reference;
  std::string source;
  bool verified = true;
};

struct Subdivision {
  std::string code;  // ISO 3166-2, "US-CA", "CA-QC"
  std::string name;
  // true: for each class it declares, its components replace the market's
  // (Ontario's HST); false: they are added after the market's.
  bool replaces_national = false;
  TaxClasses classes;
};

// tax.local_taxes (docs/markets.md, "Local taxes"): what the market does about
// the taxes levied below its subdivisions (city, county, district). Only the
// declared form exists: not collected, with the reason; every quote of the
// market then carries a note saying so. Collecting them would need a rate
// source by address, which no market can declare yet.
struct LocalTaxes {
  bool collected = false;  // false: not collected (the loader accepts nothing else)
  std::string reason;      // why not, shown in the quote's note
  std::string source;
  bool verified = true;
};

struct TaxConfig {
  TaxRounding rounding;
  TaxClasses classes;
  std::optional<ReverseChargeConfig> reverse_charge;
  std::optional<LocalTaxes> local_taxes;  // unset: the market declares none
};

struct FxRateDeclaration {
  Decimal rate;  // units of the market currency per unit of the base currency
  std::string as_of;
  std::string source;
};

// catalog.price_localization: derives coin pack prices from base prices.
struct PriceLocalizationConfig {
  std::map<std::string, FxRateDeclaration> fx_rates;  // base currency code -> rate
  PriceEnding ending = PriceEnding::kNone;
  std::string ending_name = "none";
  int64_t step_major = 0;
  std::optional<Money> floor;
};

struct CoinPack {
  std::string sku;
  int64_t coins = 0;
  Money price;                        // the consumer price in the market currency
  std::optional<Money> derived_from;  // the base price when derived ("USD:4.99")
};

struct Product {
  std::string sku;
  std::string name;
  Money price;  // gross in tax-inclusive markets, net otherwise
  std::string tax_class;
};

struct Catalog {
  std::optional<PriceLocalizationConfig> price_localization;
  std::vector<CoinPack> coin_packs;
  std::vector<Product> products;
};

struct ProviderRoute {
  std::string provider;  // id in regions/common/providers.yaml
  int64_t weight = 100;  // 0-100, share for weighted routing; failover follows list order
  std::vector<CurrencyCode> currencies;  // empty: any
  std::optional<Money> max_amount;       // none: unlimited
};

struct PaymentMethod {
  std::string method;  // "card", "ideal", ...
  bool available = true;
  std::string unavailable_reason;
  std::vector<ProviderRoute> providers;  // in routing order
  std::string source;
  bool verified = true;
};

// Which payment providers can take payments where the market is served: a
// gateway has only the provider instances its config builds. Empty: every
// provider the market names.
using ProviderFilter = std::function<bool(std::string_view provider)>;

// Why `method` cannot take payments: the market declares it unavailable, or
// none of the providers it routes to passes `usable`. nullopt when it can.
// The one place this is decided (catalogs, quotes, purchases, start-up).
std::optional<std::string> MethodUnavailableReason(const PaymentMethod& method,
                                                   const ProviderFilter& usable);

enum class AdPricing { kCpm, kPerDay, kFlat };
const char* AdPricingName(AdPricing pricing);  // "cpm", "per_day", "flat"

// Rate-card figures: tax-exclusive, in the market currency.
struct AdFormat {
  std::string name;
  AdPricing pricing = AdPricing::kCpm;
  std::optional<Money> cpm_floor;   // cpm
  std::optional<Money> min_budget;  // cpm (optional for the others)
  std::optional<Money> price;       // per_day and flat
};

struct AdsConfig {
  std::map<std::string, AdFormat> formats;
  std::vector<std::string> payment_terms;
  std::optional<int64_t> invoice_terms_days;
};

// A LIVE gift viewers send to creators with coins (docs/markets.md, "Gifts"):
// declared in a pack or a market, keyed by id; a market may switch one off.
// Its coin cost is the platform's commercial figure, the same everywhere.
struct Gift {
  std::string id;  // "rose"
  int64_t coins = 0;
  // Display names by locale tag or language ("de", "pt-BR"); every locale of
  // the market resolves to one (checked when the market loads).
  std::map<std::string, std::string> names;
  bool available = true;
  std::string unavailable_reason;
};

// A commercial or legal figure of gifting with what it rests on: a source
// URL, or "commercial figure: ..." for the platform's own business terms.
struct GiftingFigure {
  Decimal value;
  std::string basis;
};

// What a refund of a coin purchase does when some of its coins were already
// gifted (docs/markets.md, "Gifting"). The unspent coins always come back,
// and earnings a creator was already paid are never reversed.
enum class RefundAfterGifts {
  // The whole purchase is refundable; the creators keep the diamonds the
  // gifted coins earned, and the platform carries their cost.
  kPlatformAbsorbs,
  // Only the money of the unspent coins is refundable: a refund asking for
  // more is refused (422), naming how much is left.
  kUnspentOnly,
  // The whole purchase is refundable, and the diamonds the gifted coins
  // earned are taken back from the creators' unpaid earnings, as far as
  // they still hold them; the platform carries the rest.
  kClawBackDiamonds,
};

const char* RefundAfterGiftsName(RefundAfterGifts policy);

struct RefundAfterGiftsPolicy {
  RefundAfterGifts policy = RefundAfterGifts::kPlatformAbsorbs;
  std::string basis;
};

// `gifting` (docs/markets.md, "Gifting"): how the gifts sent in a market pay
// creators, and what a diamond earned by a creator of the market is worth.
// Each field may come from a pack or the market; a field a market lacks
// turns off what needs it (no share: gifts cannot be sent from there; no
// diamond value: creators of the market cannot be registered).
struct Gifting {
  // Percent of a gift's coins credited to the creator as diamonds (0-100].
  std::optional<GiftingFigure> creator_share_percent;
  // The money one diamond is worth, in the market's currency (may be finer
  // than its minor unit: "0.005" USD).
  std::optional<GiftingFigure> diamond_value;
  // How diamonds and their money value are rounded.
  RoundingMode rounding = RoundingMode::kDown;
  // What refunding a purchase of the market does to its coins already
  // gifted; without a declaration, kPlatformAbsorbs.
  std::optional<RefundAfterGiftsPolicy> refund_after_gifts;
};

// One way creators of a market are paid: a payout method and the provider
// that carries it (regions/common/providers.yaml, `payout_methods`).
struct PayoutMethod {
  std::string method;    // "pix", "stripe_connect", "bank_transfer"
  std::string provider;  // provider id
  std::string source;
  bool verified = true;
};

// Tax withheld from a creator's payout, as a percent of its gross amount.
struct PayoutWithholding {
  Decimal percent;
  std::string source;
  bool verified = true;
};

// `payouts` (docs/markets.md, "Payouts"): how the creators of a market are
// paid their earnings. Absent: the market's creators earn diamonds but
// cannot be paid out (a market opens payouts once its facts are known).
struct Payouts {
  // The currency payouts are made in: the market's unless declared. When it
  // differs from the diamonds' currency (the market's), the amount is
  // converted at payout time from the gateway's rates table.
  CurrencyCode currency;
  Money minimum;  // in `currency`; a smaller payout is refused
  std::string minimum_basis;
  std::vector<PayoutMethod> methods;
  PayoutWithholding withholding;
  // Whether a creator needs a verified tax identity to be paid.
  bool tax_identity_required = true;
  std::string tax_identity_basis;
  RoundingMode rounding = RoundingMode::kHalfUp;  // of the FX conversion and the withholding
};

// Everything a market file declares, merged with its packs and validated.
struct MarketSpec {
  explicit MarketSpec(CurrencyFacts currency_facts) : currency(currency_facts) {}

  std::string code;  // ISO 3166-1 alpha-2, equal to the file name
  std::string name;
  MarketStatus status = MarketStatus::kPlanned;
  std::optional<Suspension> suspension;
  Entity entity;
  std::vector<std::string> locales;  // first is the default
  CurrencyFacts currency;
  DisplayOptions display;
  std::string time_zone;  // IANA id known to ICU
  bool prices_include_tax = false;
  std::string prices_include_tax_source;
  bool prices_include_tax_verified = true;
  bool subdivision_required = false;
  std::map<std::string, Subdivision> subdivisions;  // by code
  TaxConfig tax;
  Catalog catalog;
  std::vector<PaymentMethod> payment_methods;  // merged by method, in declaration order
  std::optional<AdsConfig> ads;
  std::vector<Gift> gifts;  // merged by id, in declaration order; switched-off kept
  Gifting gifting;
  std::optional<Payouts> payouts;
  std::optional<Commerce> commerce;   // unset: the shop is not open in the market
  std::vector<Rule> rules;            // merged by id, in declaration order; disabled ones kept
  std::vector<std::string> includes;  // packs applied, in merge order
  std::string source_file;            // the market's YAML file
};

// One sellable SKU (coin pack or product), as the catalog lookup returns it.
struct CatalogItem {
  enum class Kind { kCoinPack, kProduct } kind = Kind::kProduct;
  std::string sku;
  std::string name;       // the product name; "<coins> coins" for coin packs
  Money price;            // as declared (gross when prices include tax)
  std::string tax_class;  // coin packs: virtual_currency
  int64_t coins = 0;      // coin packs only
};

// ---------------------------------------------------------------------------
// The immutable market with its prebuilt helpers.
// ---------------------------------------------------------------------------
class Market {
 public:
  // Builds the formatters (one per locale, honouring display options), the
  // negotiator and the SKU index. Errors: a locale ICU cannot format, an
  // empty locale list, duplicate SKUs.
  static Result<std::shared_ptr<const Market>> Create(MarketSpec spec);

  Market(const Market&) = delete;
  Market& operator=(const Market&) = delete;

  const MarketSpec& spec() const { return spec_; }
  const std::string& code() const { return spec_.code; }
  const std::string& name() const { return spec_.name; }
  MarketStatus status() const { return spec_.status; }
  bool is_live() const { return spec_.status == MarketStatus::kLive; }
  const std::optional<Suspension>& suspension() const { return spec_.suspension; }
  const Entity& entity() const { return spec_.entity; }
  CurrencyCode currency() const { return spec_.currency.code; }
  const CurrencyFacts& currency_facts() const { return spec_.currency; }
  const std::vector<std::string>& locales() const { return spec_.locales; }
  const std::string& default_locale() const { return spec_.locales.front(); }
  const std::string& time_zone() const { return spec_.time_zone; }
  bool prices_include_tax() const { return spec_.prices_include_tax; }
  const TaxConfig& tax() const { return spec_.tax; }
  const Catalog& catalog() const { return spec_.catalog; }
  const std::vector<PaymentMethod>& payment_methods() const { return spec_.payment_methods; }
  const std::optional<AdsConfig>& ads() const { return spec_.ads; }
  const std::vector<Gift>& gifts() const { return spec_.gifts; }
  const Gifting& gifting() const { return spec_.gifting; }
  // nullptr when the market declares no payouts.
  const Payouts* payouts() const { return spec_.payouts ? &*spec_.payouts : nullptr; }
  // nullptr when the market does not sell goods from sellers.
  const Commerce* commerce() const { return spec_.commerce ? &*spec_.commerce : nullptr; }
  const std::vector<Rule>& rules() const { return spec_.rules; }
  const std::string& source_file() const { return spec_.source_file; }

  // nullptr when absent.
  const CatalogItem* FindSku(std::string_view sku) const;
  const Subdivision* FindSubdivision(std::string_view code) const;
  const PaymentMethod* FindPaymentMethod(std::string_view method) const;
  const Rule* FindRule(std::string_view id) const;
  const AdFormat* FindAdFormat(std::string_view name) const;
  // The gift with this id, available or not; nullptr when not declared.
  const Gift* FindGift(std::string_view id) const;
  // The gift's name in `locale` (one of locales()): its exact tag, else its
  // language; empty only for a gift that is not available.
  const std::string& GiftName(const Gift& gift, std::string_view locale) const;
  // The components of `tax_class` in the market (no subdivision); nullptr
  // when the class is not declared.
  const std::vector<TaxComponent>* FindTaxClass(std::string_view tax_class) const;

  // The formatter of the supported locale that `locale` resolves to (exact
  // tag, else best match, else the default locale). Never null.
  const MoneyFormatter& FormatterFor(std::string_view locale) const;
  const MoneyFormatter& DefaultFormatter() const;
  const LocaleNegotiator& negotiator() const { return negotiator_; }

  // Formats `money` with the default locale's formatter, falling back to
  // FormatPlain() should ICU fail. For reports and diffs.
  std::string FormatDefault(const Money& money) const;

 private:
  Market(MarketSpec spec, LocaleNegotiator negotiator);

  MarketSpec spec_;
  LocaleNegotiator negotiator_;
  std::map<std::string, MoneyFormatter, std::less<>> formatters_;  // by supported tag
  std::map<std::string, CatalogItem, std::less<>> items_;          // by SKU
};

}  // namespace mg::regions
