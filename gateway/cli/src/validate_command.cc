// marketgate validate: checks every market file of a regions directory and
// reports every error in every file.
#include <boost/json.hpp>
#include <filesystem>
#include <ostream>
#include <set>

#include "gateway/cli/command_line.h"
#include "regions/market_loader.h"

namespace mg::cli {
namespace {

constexpr char kCommand[] = "validate";

constexpr char kUsage[] =
    "Usage: marketgate validate [--format text|json] [DIR]\n"
    "\n"
    "Loads the market files in DIR (default: regions/) the way the gateway does:\n"
    "DIR/markets/*.yaml merged with their packs from DIR/common/, with every\n"
    "cross-check. Reports every error in every file as\n"
    "  file:line:column: field.path: message\n"
    "followed by a summary line.\n"
    "\n"
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
  std::optional<Flags> flags = Flags::Parse(args, {"format"}, {}, error);
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
  std::string dir = flags->positional().empty() ? "regions/" : flags->positional()[0];

  regions::LoadResult result = regions::LoadMarkets(dir);
  if (format == "json") {
    io.out << boost::json::serialize(ToJson(result.errors)) << "\n";
    return result.ok() ? kExitOk : kExitFailed;
  }
  std::set<std::string> files;
  for (const auto& e : result.errors) {
    io.out << e.ToString() << "\n";
    files.insert(e.file);
  }
  if (result.ok()) {
    io.out << dir << ": " << Plural(result.snapshot->markets().size(), "market") << " valid\n";
    return kExitOk;
  }
  io.out << dir << ": " << Plural(result.errors.size(), "error") << " in "
         << Plural(files.size(), "file") << "\n";
  return kExitFailed;
}

}  // namespace mg::cli
