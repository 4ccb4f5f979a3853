// Market files read and YAML-parsed ahead of the loader, on every core.
// Internal to the loader (market_loader.cc).
#pragma once

#include <yaml-cpp/yaml.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/load_error.h"

namespace mg::regions::internal {

// A market file read and parsed as YAML, with the errors of doing so.
struct YamlDocument {
  std::optional<YAML::Node> root;
  ErrorSink errors;
};

// Reading and YAML-parsing are most of a load (yaml-cpp's scanner is ~70 % of
// `marketgate validate`'s instructions on 1,000 markets, callgrind) and need
// nothing from other files, so helper threads parse ahead while the caller
// builds markets from the documents in file order; a caller waiting for a
// document parses the next one itself. Building stays on the caller's thread:
// it shares packs, providers and the error order.
//
// At most `window` documents are parsed ahead of the one the caller took
// last: a parsed document is ~90 KB of YAML nodes (massif), and 1,000 held at
// once were half of a reload's peak memory.
class YamlPrefetch {
 public:
  // `files` must outlive this object. Helpers start at once.
  YamlPrefetch(const std::vector<std::unique_ptr<std::string>>& files, size_t window);
  ~YamlPrefetch();  // stops and joins the helpers
  YamlPrefetch(const YamlPrefetch&) = delete;
  YamlPrefetch& operator=(const YamlPrefetch&) = delete;

  // The document of files[index], parsed. Take each index once, in order.
  YamlDocument Take(size_t index);

  // Gives back the tree of files[index] once its market is built, to be freed
  // by the thread that parsed it: the caller freeing the helpers' trees while
  // they parse contends for their malloc arenas (perf: 13 % of a load spent
  // waiting for arena locks).
  void Release(size_t index, std::optional<YAML::Node> root);

  // The most documents that were ever parsed or being parsed and not taken
  // yet (for tests of the window).
  size_t most_ahead() const;

 private:
  static constexpr size_t kCaller = static_cast<size_t>(-1);
  struct Slot {
    YamlDocument document;
    bool ready = false;
    size_t parser = kCaller;  // the helper that parsed it, or kCaller
  };

  // Claims the next file for `parser` if the window allows (mutex held on
  // entry and exit, released while parsing); false if none may be claimed.
  bool ParseNext(std::unique_lock<std::mutex>& lock, size_t parser);
  void HelperLoop(size_t helper);

  const std::vector<std::unique_ptr<std::string>>& files_;
  const size_t window_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Slot> slots_;
  size_t next_ = 0;   // the next file to claim
  size_t taken_ = 0;  // files handed to the caller
  size_t most_ahead_ = 0;
  bool stopping_ = false;
  std::vector<std::vector<YAML::Node>> released_;  // by helper: trees to free
  std::vector<std::thread> helpers_;
};

}  // namespace mg::regions::internal
