// Internal to the server: the bytes of request bodies held in memory by all
// connections at once (HttpLimits::max_buffered_body_bytes). A session
// reserves a request's announced body size once its headers are read and
// before reading the body; the reservation ends with the request's handling.
// Lock-free; thread-safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <utility>

namespace mg::http {

class BodyBudget {
 public:
  class Reservation {
   public:
    Reservation() = default;
    Reservation(Reservation&& other) noexcept
        : budget_(std::exchange(other.budget_, nullptr)), bytes_(other.bytes_) {}
    Reservation& operator=(Reservation&& other) noexcept {
      if (this != &other) {
        Release();
        budget_ = std::exchange(other.budget_, nullptr);
        bytes_ = other.bytes_;
      }
      return *this;
    }
    ~Reservation() { Release(); }

   private:
    friend class BodyBudget;
    Reservation(BodyBudget* budget, size_t bytes) : budget_(budget), bytes_(bytes) {}
    void Release() {
      if (budget_) std::exchange(budget_, nullptr)->used_.fetch_sub(bytes_);
    }
    BodyBudget* budget_ = nullptr;
    size_t bytes_ = 0;
  };

  explicit BodyBudget(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Reserves `bytes` into `out` (nothing for 0); false when they do not fit.
  bool TryReserve(size_t bytes, Reservation& out) {
    if (bytes == 0) return true;
    size_t used = used_.load();
    do {
      if (bytes > max_bytes_ - std::min(used, max_bytes_)) return false;
    } while (!used_.compare_exchange_weak(used, used + bytes));
    out = Reservation(this, bytes);
    return true;
  }

  size_t used() const { return used_.load(); }

 private:
  const size_t max_bytes_;
  std::atomic<size_t> used_{0};
};

}  // namespace mg::http
