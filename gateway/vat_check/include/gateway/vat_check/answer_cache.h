// AnswerCache: what a VAT registry said about an ID, kept for a TTL so that
// the registry is asked once per ID per TTL (VIES and HMRC both limit how
// often a caller may ask, and a quote must not wait on them every time).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace mg::vat_check {

// What a registry answered about one ID.
struct RegistryAnswer {
  enum class Verdict {
    kRegistered,     // the registry knows the ID as a valid VAT registration
    kNotRegistered,  // the registry answered: no such (or no longer a) registration
    kUnavailable,    // no answer: timeout, connection error, 5xx, MS_UNAVAILABLE, ...
  };
  Verdict verdict = Verdict::kUnavailable;
  // Why, for the tax note: "MS_UNAVAILABLE", "HTTP 503", "read timeout",
  // "NOT_FOUND". Never holds a credential.
  std::string detail;
  std::string registry;  // "VIES" or "HMRC"
};

using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

// Thread-safe. Bounded: past `max_entries`, the least recently stored entry
// goes. Only kRegistered and kNotRegistered answers are meant to be stored
// (an outage is not an answer about the ID).
class AnswerCache {
 public:
  // `now` defaults to std::chrono::steady_clock::now; tests pass their own.
  AnswerCache(std::chrono::seconds ttl, std::size_t max_entries, SteadyNow now = {});

  // The answer stored for `normalized_id` less than `ttl` ago, if any.
  std::optional<RegistryAnswer> Find(const std::string& normalized_id) const;
  void Store(const std::string& normalized_id, RegistryAnswer answer);
  std::size_t size() const;

 private:
  struct Entry {
    RegistryAnswer answer;
    std::chrono::steady_clock::time_point stored;
    std::list<std::string>::iterator order;  // position in order_
  };

  const std::chrono::seconds ttl_;
  const std::size_t max_entries_;
  SteadyNow now_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> order_;  // oldest stored first
};

}  // namespace mg::vat_check
