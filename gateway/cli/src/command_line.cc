#include "gateway/cli/command_line.h"

#include <ostream>

namespace mg::cli {

std::optional<Flags> Flags::Parse(std::span<const std::string> args,
                                  const std::set<std::string>& value_flags,
                                  const std::set<std::string>& switch_flags, std::string& error) {
  Flags flags;
  bool only_positional = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positional || arg.size() < 2 || arg[0] != '-' || (arg[1] != '-' && arg != "-h")) {
      // A lone "-" or a negative number such as "-12.50" is positional.
      flags.positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positional = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      flags.switches_.insert("help");
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (switch_flags.count(name)) {
      if (inline_value) {
        error = "--" + name + " takes no value";
        return std::nullopt;
      }
      flags.switches_.insert(name);
    } else if (value_flags.count(name)) {
      if (inline_value) {
        flags.values_.emplace(name, *inline_value);
      } else if (i + 1 < args.size()) {
        flags.values_.emplace(name, args[++i]);
      } else {
        error = "--" + name + " needs a value";
        return std::nullopt;
      }
    } else {
      error = "unknown flag --" + name;
      return std::nullopt;
    }
  }
  return flags;
}

bool Flags::Has(const std::string& name) const {
  return switches_.count(name) > 0 || values_.count(name) > 0;
}

std::optional<std::string> Flags::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> Flags::GetAll(const std::string& name) const {
  std::vector<std::string> all;
  auto [begin, end] = values_.equal_range(name);
  for (auto it = begin; it != end; ++it) all.push_back(it->second);
  return all;
}

int UsageError(CommandIo io, const char* command, const std::string& message) {
  io.err << "marketgate " << command << ": " << message << "\n"
         << "Try 'marketgate " << command << " --help'.\n";
  return kExitUsage;
}

}  // namespace mg::cli
