// Internal to the server: how many connections one listener holds open, in
// all and per client address (HttpLimits::max_connections and
// max_connections_per_address). The listener takes a slot for each accepted
// connection; the session holds it and gives it back when it ends. Thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace mg::http {

class ConnectionBudget : public std::enable_shared_from_this<ConnectionBudget> {
 public:
  // Held by a session for its whole life; movable, releases on destruction.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept = default;
    Slot& operator=(Slot&& other) noexcept;
    ~Slot();

   private:
    friend class ConnectionBudget;
    Slot(std::shared_ptr<ConnectionBudget> budget, std::string address)
        : budget_(std::move(budget)), address_(std::move(address)) {}
    void Release();
    std::shared_ptr<ConnectionBudget> budget_;
    std::string address_;
  };

  enum class Refusal { kNone, kListenerFull, kAddressFull };

  struct Admission {
    Refusal refusal = Refusal::kNone;
    Slot slot;  // held only when admitted
  };

  ConnectionBudget(size_t max_connections, size_t max_per_address);

  // `address` as AddressKey() makes it.
  Admission Admit(const std::string& address);

  size_t open() const;
  size_t open_from(const std::string& address) const;

 private:
  void Release(const std::string& address);

  const size_t max_connections_;
  const size_t max_per_address_;
  mutable std::mutex mutex_;
  size_t open_ = 0;
  std::unordered_map<std::string, size_t> per_address_;
};

}  // namespace mg::http
