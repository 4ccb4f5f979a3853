// RenderedBodies: response bodies that depend only on the market snapshot
// and a key (market, locale), rendered once per snapshot.
//
// A catalog is the same for every request on a snapshot, yet rendering it
// (ICU formatting each price, building and serializing the JSON tree) was
// two thirds of a catalog request's instructions (callgrind of
// `marketgate serve` under wrk, GET /v1/markets/DE/catalog: 146k per
// request, 98k of them in the handler). Bodies of the newest snapshot seen
// are kept; a newer snapshot drops them all, so their number is bounded by
// the keys one snapshot has (markets x locales x kinds). A request still on
// an older snapshot (one that began before a reload) is rendered and not kept.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mg::api {

class RenderedBodies {
 public:
  using Body = std::shared_ptr<const std::string>;

  // The body for `key` in snapshot `version`, from `render` on a miss.
  Body Get(uint64_t version, const std::string& key, const std::function<std::string()>& render);

 private:
  std::shared_mutex mutex_;
  uint64_t version_ = 0;
  std::unordered_map<std::string, Body> bodies_;
};

}  // namespace mg::api
