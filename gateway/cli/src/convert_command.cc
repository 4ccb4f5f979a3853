// marketgate convert: converts an amount at an exact FX rate.
#include <ostream>

#include "currency/decimal.h"
#include "currency/fx.h"
#include "gateway/cli/command_line.h"

namespace mg::cli {
namespace {

constexpr char kCommand[] = "convert";

constexpr char kUsage[] =
    "Usage: marketgate convert --from CODE --to CODE --rate RATE\n"
    "                          [--rounding MODE] AMOUNT\n"
    "\n"
    "Converts AMOUNT of --from into --to at RATE (units of --to per unit of\n"
    "--from) in exact integer arithmetic and prints the result plainly in the\n"
    "target currency's digits (JPY 301, EUR 12.34).\n"
    "\n"
    "  --from CODE      ISO 4217 code of AMOUNT\n"
    "  --to CODE        ISO 4217 code to convert into\n"
    "  --rate RATE      exact decimal rate, e.g. 151.3742\n"
    "  --rounding MODE  half_up (default), half_even, down or up\n"
    "\n"
    "Example: marketgate convert --from USD --to JPY --rate 151.3742 1.99\n"
    "Exit status: 0 ok, 1 amount, currency or rate rejected, 2 bad usage.\n";

int Failed(CommandIo io, const Status& status) {
  io.err << "marketgate " << kCommand << ": " << status.message() << "\n";
  return kExitFailed;
}

}  // namespace

int RunConvert(std::span<const std::string> args, CommandIo io) {
  std::string error;
  std::optional<Flags> flags = Flags::Parse(args, {"from", "to", "rate", "rounding"}, {}, error);
  if (!flags) return UsageError(io, kCommand, error);
  if (flags->help()) {
    io.out << kUsage;
    return kExitOk;
  }
  for (const char* required : {"from", "to", "rate"}) {
    if (!flags->Has(required)) {
      return UsageError(io, kCommand, std::string("--") + required + " is required");
    }
  }
  if (flags->positional().size() != 1) {
    return UsageError(io, kCommand, "expected exactly one AMOUNT");
  }
  RoundingMode mode = RoundingMode::kHalfUp;
  if (std::optional<std::string> rounding = flags->Get("rounding")) {
    Result<RoundingMode> parsed = ParseRoundingMode(*rounding);
    if (!parsed.ok()) return UsageError(io, kCommand, parsed.status().message());
    mode = *parsed;
  }

  Result<CurrencyCode> from = CurrencyCode::Parse(*flags->Get("from"));
  if (!from.ok()) return Failed(io, from.status());
  Result<CurrencyCode> to = CurrencyCode::Parse(*flags->Get("to"));
  if (!to.ok()) return Failed(io, to.status());
  Result<Decimal> rate = Decimal::Parse(*flags->Get("rate"));
  if (!rate.ok()) return Failed(io, rate.status());
  Result<Money> amount = ParseMoney(flags->positional()[0], *from);
  if (!amount.ok()) return Failed(io, amount.status());
  Result<Money> converted = Convert(*amount, *to, *rate, mode);
  if (!converted.ok()) return Failed(io, converted.status());
  io.out << FormatPlain(*converted) << "\n";
  return kExitOk;
}

}  // namespace mg::cli
