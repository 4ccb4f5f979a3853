// The one list of subcommands. Adding a command is one declaration and one
// line in the table below.
#include "gateway/cli/command_line.h"

namespace mg::cli {

int RunFormat(std::span<const std::string> args, CommandIo io);
int RunConvert(std::span<const std::string> args, CommandIo io);
int RunLocalizePrice(std::span<const std::string> args, CommandIo io);
int RunValidate(std::span<const std::string> args, CommandIo io);
int RunDiff(std::span<const std::string> args, CommandIo io);
int RunServe(std::span<const std::string> args, CommandIo io);
int RunQuote(std::span<const std::string> args, CommandIo io);
int RunCompliance(std::span<const std::string> args, CommandIo io);
int RunAudit(std::span<const std::string> args, CommandIo io);

std::span<const Command> AllCommands() {
  static const Command kCommands[] = {
      {"format", "Format an amount for a locale and currency", RunFormat},
      {"convert", "Convert an amount at an exact FX rate", RunConvert},
      {"localize-price", "Derive a local price point from a base price", RunLocalizePrice},
      {"validate", "Validate the market files of a regions directory", RunValidate},
      {"diff", "Show what changes between two regions directories", RunDiff},
      {"serve", "Serve the HTTP API (serve --config FILE)", RunServe},
      {"quote", "Price a purchase with tax and its compliance decision", RunQuote},
      {"compliance", "Run the markets' compliance cases (compliance run)", RunCompliance},
      {"audit", "Compare the store with the providers' records (audit --config FILE)", RunAudit},
  };
  return kCommands;
}

}  // namespace mg::cli
