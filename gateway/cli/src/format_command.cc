// marketgate format: shows an amount the way a locale writes it.
#include <ostream>

#include "currency/decimal.h"
#include "currency/money_format.h"
#include "gateway/cli/command_line.h"

namespace mg::cli {
namespace {

constexpr char kCommand[] = "format";

constexpr char kUsage[] =
    "Usage: marketgate format --locale LOCALE --currency CODE [--style STYLE]\n"
    "                         [--digits N] AMOUNT\n"
    "\n"
    "Formats AMOUNT (a plain decimal such as 1234.5) with ICU for LOCALE.\n"
    "\n"
    "  --locale LOCALE   BCP 47 tag ICU has data for, e.g. de-DE\n"
    "  --currency CODE   ISO 4217 code, e.g. EUR\n"
    "  --style STYLE     symbol (default), iso or name\n"
    "  --digits N        decimals to show (default: the currency's digits)\n"
    "\n"
    "Example: marketgate format --locale de-DE --currency EUR 1234.5\n"
    "Exit status: 0 ok, 1 amount, currency or locale rejected, 2 bad usage.\n";

std::optional<MoneyStyle> ParseStyle(const std::string& name) {
  if (name == "symbol") return MoneyStyle::kSymbol;
  if (name == "iso") return MoneyStyle::kIsoCode;
  if (name == "name") return MoneyStyle::kName;
  return std::nullopt;
}

// A whole number of decimals in 0..Decimal::kMaxScale, or nullopt.
std::optional<int> ParseDigits(const std::string& text) {
  Result<Decimal> digits = Decimal::Parse(text);
  if (!digits.ok() || digits->scale != 0 || digits->coefficient < 0 ||
      digits->coefficient > Decimal::kMaxScale) {
    return std::nullopt;
  }
  return static_cast<int>(digits->coefficient);
}

int Failed(CommandIo io, const Status& status) {
  io.err << "marketgate " << kCommand << ": " << status.message() << "\n";
  return kExitFailed;
}

}  // namespace

int RunFormat(std::span<const std::string> args, CommandIo io) {
  std::string error;
  std::optional<Flags> flags =
      Flags::Parse(args, {"locale", "currency", "style", "digits"}, {}, error);
  if (!flags) return UsageError(io, kCommand, error);
  if (flags->help()) {
    io.out << kUsage;
    return kExitOk;
  }
  std::optional<std::string> locale = flags->Get("locale");
  std::optional<std::string> currency = flags->Get("currency");
  if (!locale) return UsageError(io, kCommand, "--locale is required");
  if (!currency) return UsageError(io, kCommand, "--currency is required");
  if (flags->positional().size() != 1) {
    return UsageError(io, kCommand, "expected exactly one AMOUNT");
  }
  MoneyFormatOptions options;
  if (std::optional<std::string> style = flags->Get("style")) {
    std::optional<MoneyStyle> parsed = ParseStyle(*style);
    if (!parsed) {
      return UsageError(io, kCommand, "--style must be symbol, iso or name, not '" + *style + "'");
    }
    options.style = *parsed;
  }
  if (std::optional<std::string> digits = flags->Get("digits")) {
    options.display_digits = ParseDigits(*digits);
    if (!options.display_digits) {
      return UsageError(io, kCommand,
                        "--digits must be a whole number from 0 to 12, not '" + *digits + "'");
    }
  }

  Result<CurrencyCode> code = CurrencyCode::Parse(*currency);
  if (!code.ok()) return Failed(io, code.status());
  Result<Money> amount = ParseMoney(flags->positional()[0], *code);
  if (!amount.ok()) return Failed(io, amount.status());
  Result<MoneyFormatter> formatter = MoneyFormatter::Create(*locale, *code, options);
  if (!formatter.ok()) return Failed(io, formatter.status());
  Result<std::string> text = formatter->Format(*amount);
  if (!text.ok()) return Failed(io, text.status());
  io.out << *text << "\n";
  return kExitOk;
}

}  // namespace mg::cli
