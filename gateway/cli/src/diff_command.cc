// marketgate diff: what a change to the market files does, market by market.
#include <ostream>

#include "gateway/cli/command_line.h"
#include "regions/market_diff.h"
#include "regions/market_loader.h"

namespace mg::cli {
namespace {

constexpr char kCommand[] = "diff";

constexpr char kUsage[] =
    "Usage: marketgate diff OLD_DIR NEW_DIR\n"
    "\n"
    "Loads two regions directories (e.g. the deployed one and a change) and\n"
    "shows per market: added and removed markets, status changes, prices as\n"
    "formatted local amounts (before -> after, in the market's default locale),\n"
    "tax rates per class and component, rules added, removed or changed (by id,\n"
    "with the fields that changed), payment providers and routing, ad formats.\n"
    "\n"
    "Exit status: 0 compared (prints \"no changes\" when identical), 1 a\n"
    "directory has invalid market files (its errors are printed), 2 bad usage.\n";

bool Load(const std::string& dir, CommandIo io, regions::LoadResult& result) {
  result = regions::LoadMarkets(dir);
  if (result.ok()) return true;
  for (const auto& error : result.errors) io.err << error.ToString() << "\n";
  io.err << "marketgate " << kCommand << ": " << dir << " has " << result.errors.size()
         << (result.errors.size() == 1 ? " error" : " errors") << "\n";
  return false;
}

}  // namespace

int RunDiff(std::span<const std::string> args, CommandIo io) {
  std::string error;
  std::optional<Flags> flags = Flags::Parse(args, {}, {}, error);
  if (!flags) return UsageError(io, kCommand, error);
  if (flags->help()) {
    io.out << kUsage;
    return kExitOk;
  }
  if (flags->positional().size() != 2) return UsageError(io, kCommand, "expected OLD_DIR NEW_DIR");

  regions::LoadResult before;
  regions::LoadResult after;
  bool before_ok = Load(flags->positional()[0], io, before);
  bool after_ok = Load(flags->positional()[1], io, after);
  if (!before_ok || !after_ok) return kExitFailed;

  std::vector<regions::MarketDiff> diffs =
      regions::DiffSnapshots(*before.snapshot, *after.snapshot);
  if (diffs.empty()) {
    io.out << "no changes\n";
    return kExitOk;
  }
  for (const auto& diff : diffs) {
    io.out << diff.code << " (" << regions::KindName(diff.kind) << ")\n";
    for (const auto& change : diff.changes) {
      io.out << "  " << change.section << ": " << change.text << "\n";
    }
  }
  return kExitOk;
}

}  // namespace mg::cli
