// marketgate localize-price: derives a local price point from a base price.
#include <ostream>

#include "currency/decimal.h"
#include "currency/money_format.h"
#include "currency/price_localization.h"
#include "gateway/cli/command_line.h"

namespace mg::cli {
namespace {

constexpr char kCommand[] = "localize-price";

constexpr char kUsage[] =
    "Usage: marketgate localize-price --base CODE:AMOUNT --rate RATE --currency CODE\n"
    "                                 [--ending ENDING] [--step N] [--floor AMOUNT]\n"
    "                                 [--tax-rate RATE --tax-inclusive]\n"
    "                                 [--rounding MODE] [--locale LOCALE]\n"
    "\n"
    "Converts the base price at RATE and moves it up to the next price point of\n"
    "ENDING. Prints the point plainly (JPY 150, EUR 1.99), or formatted for\n"
    "--locale.\n"
    "\n"
    "  --base CODE:AMOUNT  tax-exclusive base price, e.g. USD:0.99\n"
    "  --rate RATE         units of --currency per unit of the base currency\n"
    "  --currency CODE     target currency, e.g. JPY\n"
    "  --ending ENDING     none (default), 99, 49_99 or whole\n"
    "  --step N            points are multiples of N major units (0 = none)\n"
    "  --floor AMOUNT      the price is never below AMOUNT of --currency\n"
    "  --tax-rate RATE     tax as a fraction, e.g. 0.19; needs --tax-inclusive\n"
    "  --tax-inclusive     the point includes tax at --tax-rate\n"
    "  --rounding MODE     for ending none: half_up (default), half_even, down, up\n"
    "  --locale LOCALE     print formatted for this BCP 47 locale\n"
    "\n"
    "Example: marketgate localize-price --base USD:0.99 --rate 151.3742 \\\n"
    "           --currency JPY --ending whole --step 10\n"
    "Exit status: 0 ok, 1 a price, currency, rate or locale rejected, 2 bad usage.\n";

int Failed(CommandIo io, const Status& status) {
  io.err << "marketgate " << kCommand << ": " << status.message() << "\n";
  return kExitFailed;
}

// The rule's shape from the flags; values checked by the library come later.
// Returns an error message for bad usage.
std::optional<std::string> ParseRuleFlags(const Flags& flags, PricePointRule& rule) {
  if (std::optional<std::string> ending = flags.Get("ending")) {
    Result<PriceEnding> parsed = ParsePriceEnding(*ending);
    if (!parsed.ok()) return parsed.status().message();
    rule.ending = *parsed;
  }
  if (std::optional<std::string> step = flags.Get("step")) {
    Result<Decimal> parsed = Decimal::Parse(*step);
    if (!parsed.ok() || parsed->scale != 0 || parsed->coefficient < 0) {
      return "--step must be a whole number of major units, not '" + *step + "'";
    }
    rule.step_major = parsed->coefficient;
  }
  if (std::optional<std::string> rounding = flags.Get("rounding")) {
    Result<RoundingMode> parsed = ParseRoundingMode(*rounding);
    if (!parsed.ok()) return parsed.status().message();
    rule.conversion_rounding = *parsed;
  }
  rule.tax_inclusive_target = flags.Has("tax-inclusive");
  if (rule.tax_inclusive_target != flags.Has("tax-rate")) {
    return "--tax-rate and --tax-inclusive go together";
  }
  return std::nullopt;
}

}  // namespace

int RunLocalizePrice(std::span<const std::string> args, CommandIo io) {
  std::string error;
  std::optional<Flags> flags = Flags::Parse(
      args,
      {"base", "rate", "currency", "ending", "step", "floor", "tax-rate", "rounding", "locale"},
      {"tax-inclusive"}, error);
  if (!flags) return UsageError(io, kCommand, error);
  if (flags->help()) {
    io.out << kUsage;
    return kExitOk;
  }
  for (const char* required : {"base", "rate", "currency"}) {
    if (!flags->Has(required)) {
      return UsageError(io, kCommand, std::string("--") + required + " is required");
    }
  }
  if (!flags->positional().empty()) {
    return UsageError(io, kCommand, "unexpected argument '" + flags->positional()[0] + "'");
  }
  PricePointRule rule;
  if (std::optional<std::string> usage = ParseRuleFlags(*flags, rule)) {
    return UsageError(io, kCommand, *usage);
  }

  Result<Money> base = ParseCurrencyAmount(*flags->Get("base"));
  if (!base.ok()) return Failed(io, base.status());
  Result<Decimal> rate = Decimal::Parse(*flags->Get("rate"));
  if (!rate.ok()) return Failed(io, rate.status());
  Result<CurrencyCode> target = CurrencyCode::Parse(*flags->Get("currency"));
  if (!target.ok()) return Failed(io, target.status());
  if (std::optional<std::string> tax_rate = flags->Get("tax-rate")) {
    Result<Decimal> parsed = Decimal::Parse(*tax_rate);
    if (!parsed.ok()) return Failed(io, parsed.status());
    rule.tax_rate = *parsed;
  }
  if (std::optional<std::string> floor = flags->Get("floor")) {
    Result<Money> parsed = ParseMoney(*floor, *target);
    if (!parsed.ok()) return Failed(io, parsed.status());
    rule.floor = *parsed;
  }
  // Build the formatter before pricing so a bad locale fails fast.
  std::optional<MoneyFormatter> formatter;
  if (std::optional<std::string> locale = flags->Get("locale")) {
    Result<MoneyFormatter> created = MoneyFormatter::Create(*locale, *target);
    if (!created.ok()) return Failed(io, created.status());
    formatter = std::move(created).value();
  }

  Result<Money> price = LocalizePrice(*base, *rate, *target, rule);
  if (!price.ok()) return Failed(io, price.status());
  if (!formatter) {
    io.out << FormatPlain(*price) << "\n";
    return kExitOk;
  }
  Result<std::string> text = formatter->Format(*price);
  if (!text.ok()) return Failed(io, text.status());
  io.out << *text << "\n";
  return kExitOk;
}

}  // namespace mg::cli
