// The flags of the bench's fixed-body servers (bare_beast_server,
// ceiling_server): --listen HOST:PORT and whole-number counts such as
// --threads N. Header-only: two small programs share it.
#pragma once

#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gateway/app/config.h"

namespace mg::bench {

struct ServerFlags {
  app::ListenAddress listen{"127.0.0.1", 0};
  std::map<std::string, int> counts;  // by flag name ("--threads"); 0 when not given
};

// The flags, or nullopt after printing why and the usage to stderr.
inline std::optional<ServerFlags> ParseServerFlags(int argc, char** argv,
                                                   const std::string& program,
                                                   const std::vector<std::string>& count_flags) {
  auto usage = [&](const std::string& why) -> std::optional<ServerFlags> {
    std::cerr << program << ": " << why << "\nusage: " << program << " [--listen HOST:PORT]";
    for (const std::string& flag : count_flags) std::cerr << " [" << flag << " N]";
    std::cerr << "\n";
    return std::nullopt;
  };
  ServerFlags flags;
  for (const std::string& flag : count_flags) flags.counts[flag] = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return usage("missing value for " + flag);
    const std::string value = argv[++i];
    if (flag == "--listen") {
      auto address = app::ParseListenAddress(value);
      if (!address.ok()) return usage(address.status().message());
      flags.listen = *address;
    } else if (flags.counts.count(flag) > 0) {
      try {
        flags.counts[flag] = std::stoi(value);
      } catch (const std::exception&) {
        return usage("bad value for " + flag);
      }
      if (flags.counts[flag] < 0) return usage("bad value for " + flag);
    } else {
      return usage("unknown flag " + flag);
    }
  }
  return flags;
}

}  // namespace mg::bench
