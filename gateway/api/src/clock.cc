#include "gateway/api/clock.h"

namespace mg::api {

std::chrono::system_clock::time_point SystemClock::Now() const {
  return std::chrono::system_clock::now();
}

}  // namespace mg::api
