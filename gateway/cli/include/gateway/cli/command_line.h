// The marketgate command-line tool: a table of subcommands and a small flag
// parser shared by all of them.
//
// Exit codes: 0 success, 1 a check failed (invalid market files, failed
// compliance case, conversion error), 2 bad usage. Errors go to stderr.
#pragma once

#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace mg::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// Parsed "--name value", "--name=value", boolean "--name" switches and
// positional arguments. Unknown flags are usage errors.
class Flags {
 public:
  // `value_flags` take a value; `switch_flags` do not. "--help"/"-h" is always
  // accepted as a switch. On error, returns nullopt and writes to `error`.
  static std::optional<Flags> Parse(std::span<const std::string> args,
                                    const std::set<std::string>& value_flags,
                                    const std::set<std::string>& switch_flags, std::string& error);

  bool Has(const std::string& name) const;
  std::optional<std::string> Get(const std::string& name) const;
  // All values of a repeatable flag, in order.
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  bool help() const { return Has("help"); }

 private:
  std::multimap<std::string, std::string> values_;
  std::set<std::string> switches_;
  std::vector<std::string> positional_;
};

struct CommandIo {
  std::ostream& out;
  std::ostream& err;
};

struct Command {
  const char* name;
  const char* summary;  // one line for `marketgate --help`
  // Receives the arguments after the subcommand name.
  int (*run)(std::span<const std::string> args, CommandIo io);
};

// Reports a usage error with the command's help hint; returns kExitUsage.
int UsageError(CommandIo io, const char* command, const std::string& message);

// The table of subcommands (commands.cc lists them, one line each).
std::span<const Command> AllCommands();

}  // namespace mg::cli
