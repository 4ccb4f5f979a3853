// marketgate quote: prices a purchase in one market and decides it, printing
// the same JSON object as POST /v1/quotes.
#include <chrono>
#include <ostream>

#include "compliance/quote.h"
#include "compliance/quote_json.h"
#include "currency/decimal.h"
#include "gateway/cli/command_line.h"
#include "regions/market_loader.h"

namespace mg::cli {
namespace {

constexpr char kCommand[] = "quote";

constexpr char kUsage[] =
    "Usage: marketgate quote --market CC --item SKU [--item SKU ...] [--qty N]\n"
    "                        [--locale L] [--customer-age N] [--consent]\n"
    "                        [--business-vat-id ID --billing-country CC]\n"
    "                        [--subdivision XX-YY] [--payment-method M] [--regions DIR]\n"
    "\n"
    "Prices a purchase with tax, lists the payment methods and shows the compliance\n"
    "decision with every check, as JSON (the body POST /v1/quotes returns).\n"
    "\n"
    "  --market CC             market code, e.g. DE\n"
    "  --item SKU              a SKU of the market's catalog; repeat for more lines\n"
    "  --qty N                 quantity of each line, 1-999 (default 1)\n"
    "  --locale L              display locale (default: the market's first)\n"
    "  --customer-age N        the customer's age (default: unknown)\n"
    "  --consent               consent to immediate delivery of digital content and\n"
    "                          acknowledgement of losing the right of withdrawal\n"
    "  --business-vat-id ID    buy as a business with this VAT/GST ID\n"
    "  --billing-country CC    the business's billing country (with --business-vat-id)\n"
    "  --subdivision XX-YY     tax subdivision, e.g. US-CA\n"
    "  --payment-method M      the method the customer picked, e.g. card\n"
    "  --regions DIR           the regions directory (default: regions)\n"
    "\n"
    "Example: marketgate quote --market DE --item coins_70 --customer-age 30 --consent\n"
    "Exit status: 0 a quote was computed (even when its decision is deny),\n"
    "             1 the request or the market files were rejected, 2 bad usage.\n";

int Failed(CommandIo io, const Status& status) {
  io.err << "marketgate " << kCommand << ": " << ErrorCodeName(status.code()) << ": "
         << status.message();
  if (!status.param().empty()) io.err << " (param: " << status.param() << ")";
  io.err << "\n";
  return kExitFailed;
}

// A whole number, or nullopt.
std::optional<int64_t> ParseWhole(const std::string& text) {
  Result<Decimal> value = Decimal::Parse(text);
  if (!value.ok() || value->scale != 0) return std::nullopt;
  return value->coefficient;
}

// Builds the request from the flags; returns a usage message on error.
std::optional<compliance::QuoteRequest> RequestFromFlags(const Flags& flags, std::string& error) {
  compliance::QuoteRequest request;
  request.kind = compliance::RequestKind::kPurchase;
  request.market = flags.Get("market").value_or("");
  if (request.market.empty()) {
    error = "--market is required";
    return std::nullopt;
  }
  std::vector<std::string> skus = flags.GetAll("item");
  if (skus.empty()) {
    error = "--item is required";
    return std::nullopt;
  }
  int64_t quantity = 1;
  if (auto qty = flags.Get("qty")) {
    std::optional<int64_t> parsed = ParseWhole(*qty);
    if (!parsed) {
      error = "--qty must be a whole number, got '" + *qty + "'";
      return std::nullopt;
    }
    quantity = *parsed;
  }
  for (const std::string& sku : skus) request.items.push_back({sku, quantity});
  request.locale = flags.Get("locale").value_or("");
  request.subdivision = flags.Get("subdivision").value_or("");
  if (auto age = flags.Get("customer-age")) {
    std::optional<int64_t> parsed = ParseWhole(*age);
    if (!parsed || *parsed < 0 || *parsed > compliance::kMaxAge) {
      error = "--customer-age must be a whole number 0-150, got '" + *age + "'";
      return std::nullopt;
    }
    request.customer.age = static_cast<int>(*parsed);
  }
  request.customer.consent_immediate_delivery = flags.Has("consent");
  request.customer.payment_method = flags.Get("payment-method").value_or("");
  std::optional<std::string> vat_id = flags.Get("business-vat-id");
  std::optional<std::string> country = flags.Get("billing-country");
  if (vat_id.has_value() != country.has_value()) {
    error = "--business-vat-id and --billing-country go together";
    return std::nullopt;
  }
  if (vat_id) request.customer.business = compliance::BusinessParty{*vat_id, *country};
  return request;
}

}  // namespace

int RunQuote(std::span<const std::string> args, CommandIo io) {
  std::string error;
  std::optional<Flags> flags =
      Flags::Parse(args,
                   {"market", "item", "qty", "locale", "customer-age", "business-vat-id",
                    "billing-country", "subdivision", "payment-method", "regions"},
                   {"consent"}, error);
  if (!flags) return UsageError(io, kCommand, error);
  if (flags->help()) {
    io.out << kUsage;
    return kExitOk;
  }
  if (!flags->positional().empty()) {
    return UsageError(io, kCommand, "unexpected argument '" + flags->positional().front() + "'");
  }
  std::optional<compliance::QuoteRequest> request = RequestFromFlags(*flags, error);
  if (!request) return UsageError(io, kCommand, error);
  if (Status valid = compliance::ValidateQuoteRequest(*request); !valid.ok()) {
    return Failed(io, valid);
  }

  std::string regions_dir = flags->Get("regions").value_or("regions");
  regions::LoadResult loaded = regions::LoadMarkets(regions_dir);
  if (!loaded.ok()) {
    for (const auto& load_error : loaded.errors) io.err << load_error.ToString() << "\n";
    io.err << "marketgate " << kCommand << ": " << loaded.errors.size()
           << " error(s) in the market files\n";
    return kExitFailed;
  }
  compliance::DecisionContext context;
  context.now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  Result<compliance::Quote> quote = compliance::BuildQuote(*loaded.snapshot, *request, context);
  if (!quote.ok()) return Failed(io, quote.status());
  io.out << compliance::PrettyJson(compliance::QuoteToJson(*quote));
  return kExitOk;
}

}  // namespace mg::cli
