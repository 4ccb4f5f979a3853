// marketgate validate: checks every market file of a regions directory and
// reports every error in every file.
#include <boost/json.hpp>
#include <filesystem>
#include <ostream>
#include <set>

#include "gateway/app/config.h"
#include "gateway/app/provider_check.h"
#include "gateway/cli/command_line.h"
#include "gateway/providers/provider_registry.h"
#include "regions/market_loader.h"

namespace mg::cli {
namespace {

constexpr char kCommand[] = "validate";

constexpr char kUsage[] =
    "Usage: marketgate validate [--config FILE] [--format text|json] [DIR]\n"
    "\n"
    "Loads the market files in DIR (default: the config's regions_dir, or\n"
    "regions/) the way the gateway does: DIR/markets/*.yaml merged with their\n"
    "packs from DIR/common/, with every cross-check. With --config, also checks\n"
    "the gateway config and its payment providers: every instance against its\n"
    "kind, and every provider the markets may route to against the kinds and\n"
    "the config. Reports every error in every file as\n"
    "  file:line:column: field.path: message\n"
    "followed by a summary line.\n"
    "\n"
    "  --config FILE   the gateway config (docs/config.md)\n"
    "  --format text   human-readable (default)\n"
    "  --format json   a JSON array of {file, line, column, path, message}\n"
    "\n"
    "Exit status: 0 all files valid, 1 errors found, 2 bad usage.\n";

boost::json::array ToJson(const std::vector<mg::LoadError>& errors) {
  boost::json::array array;
  for (const auto& error : errors) {
    array.push_back(boost::json::object{{"file", error.file},
                                        {"line", error.line},
                                        {"column", error.column},
                                        {"path", error.path},
                                        {"message", error.message}});
  }
  return array;
}

std::string Plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

int RunValidate(std::span<const std::string> args, CommandIo io) {
  std::string error;
  std::optional<Flags> flags = Flags::Parse(args, {"format", "config"}, {}, error);
  if (!flags) return UsageError(io, kCommand, error);
  if (flags->help()) {
    io.out << kUsage;
    return kExitOk;
  }
  std::string format = flags->Get("format").value_or("text");
  if (format != "text" && format != "json") {
    return UsageError(io, kCommand, "--format must be text or json");
  }
  if (flags->positional().size() > 1) return UsageError(io, kCommand, "expected at most one DIR");

  std::vector<LoadError> errors;
  std::optional<app::GatewayConfig> config;
  if (std::optional<std::string> file = flags->Get("config")) {
    Result<app::GatewayConfig> loaded = app::LoadGatewayConfig(*file, &errors);
    if (loaded.ok()) config = std::move(loaded).value();
  }
  std::string dir = !flags->positional().empty() ? flags->positional()[0]
                    : config                     ? config->regions_dir
                                                 : "regions/";
  regions::LoadResult result = regions::LoadMarkets(dir);
  errors.insert(errors.end(), result.errors.begin(), result.errors.end());
  if (config) {
    const providers::ProviderRegistry registry = providers::ProviderRegistry::WithBuiltins();
    std::vector<LoadError> instances = app::CheckProviderInstances(*config, registry);
    errors.insert(errors.end(), instances.begin(), instances.end());
    if (result.ok()) {
      std::vector<LoadError> routed =
          app::CheckRoutedProviders(*result.snapshot, *config, registry);
      errors.insert(errors.end(), routed.begin(), routed.end());
      app::PaymentCoverage coverage =
          app::CheckPaymentCoverage(*result.snapshot, *config, registry);
      for (const std::string& warning : coverage.warnings) io.err << "warning: " << warning << "\n";
      errors.insert(errors.end(), coverage.errors.begin(), coverage.errors.end());
    }
  }
  if (format == "json") {
    io.out << boost::json::serialize(ToJson(errors)) << "\n";
    return errors.empty() ? kExitOk : kExitFailed;
  }
  std::set<std::string> files;
  for (const auto& e : errors) {
    io.out << e.ToString() << "\n";
    files.insert(e.file);
  }
  if (errors.empty()) {
    io.out << dir << ": " << Plural(result.snapshot->markets().size(), "market") << " valid";
    if (config) io.out << ", their providers and " << flags->Get("config").value() << " agree";
    io.out << "\n";
    return kExitOk;
  }
  io.out << dir << ": " << Plural(errors.size(), "error") << " in " << Plural(files.size(), "file")
         << "\n";
  return kExitFailed;
}

}  // namespace mg::cli
