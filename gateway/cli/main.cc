// marketgate: entry point of the command-line tool. Dispatches to the
// subcommand named by the first argument.
#include <iostream>
#include <string>
#include <vector>

#include "gateway/cli/command_line.h"

namespace {

void PrintOverview(std::ostream& out) {
  out << "Usage: marketgate COMMAND [ARGS...]\n\n"
         "Regional localization and payments gateway.\n\nCommands:\n";
  for (const auto& command : mg::cli::AllCommands()) {
    std::string name = command.name;
    name.resize(16, ' ');
    out << "  " << name << command.summary << "\n";
  }
  out << "\nRun 'marketgate COMMAND --help' for a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  mg::cli::CommandIo io{std::cout, std::cerr};
  if (args.empty()) {
    PrintOverview(std::cerr);
    return mg::cli::kExitUsage;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintOverview(std::cout);
    return mg::cli::kExitOk;
  }
  for (const auto& command : mg::cli::AllCommands()) {
    if (args[0] == command.name) {
      return command.run(std::span<const std::string>(args).subspan(1), io);
    }
  }
  std::cerr << "marketgate: unknown command '" << args[0] << "'\n";
  PrintOverview(std::cerr);
  return mg::cli::kExitUsage;
}
