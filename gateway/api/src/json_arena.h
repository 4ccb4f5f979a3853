// A JSON tree that lives only until it is serialized (a response body) is
// built in a monotonic arena: no heap allocation per node, and nothing to
// free node by node when it is dropped (Boost.JSON skips the walk for a
// resource whose deallocation is trivial). The first 32 KB are the arena's
// own buffer (the JSON text of a quote for a coin pack in DE is 3.7 KB, of
// a purchase with its quote 4.8 KB); past that it takes blocks from the
// heap. Declare it before the values that use it, so that they are gone
// first.
#pragma once

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/storage_ptr.hpp>

namespace mg::api {

class JsonArena {
 public:
  JsonArena() = default;
  JsonArena(const JsonArena&) = delete;
  JsonArena& operator=(const JsonArena&) = delete;

  boost::json::storage_ptr storage() { return boost::json::storage_ptr(&resource_); }

 private:
  unsigned char buffer_[32 * 1024];
  boost::json::monotonic_resource resource_{buffer_, sizeof buffer_};
};

}  // namespace mg::api
