// EventDispatcher: delivers the store's outbox events to the subscribers in
// the config (`events.subscribers`, docs/config.md), at least once.
//
// Each pass claims the due events (Store::ClaimDueEvents, which hides them
// from other dispatchers, in this process or another, for the claim lease)
// and POSTs each to every subscriber:
//
//   POST <url>
//   Content-Type: application/json
//   Marketgate-Event-Id: evt_...
//   Marketgate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
//   {"id": "evt_...", "type": "purchase.succeeded", "created": <unix seconds>,
//    "data": {...the event's payload...}}
//
// An event is marked delivered once every subscriber answered 2xx. Otherwise
// it is rescheduled with exponential backoff (initial_backoff * 2^(attempts-1),
// at most max_backoff) and sent again to every subscriber, so that a
// subscriber may see an event more than once: it deduplicates by the id.
// Events live in the store, so nothing is lost across restarts.
//
// Thread-safety: DeliverDue() may run on any thread, one call at a time per
// dispatcher; Start() runs it on a background thread until Stop(). Call
// Start() and Stop() from one thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/periodic_task.h"
#include "base/secret.h"
#include "base/status.h"
#include "gateway/outbound/http_client.h"
#include "gateway/store/store.h"

namespace mg::events {

struct Subscriber {
  std::string url;  // http:// or https://
  Secret secret;    // signs every delivery; never logged
};

struct DispatcherOptions {
  std::vector<Subscriber> subscribers;
  // How often the background thread looks for due events. Default: 1 s.
  std::chrono::milliseconds poll_interval{1000};
  // The wait after the first failed delivery; doubles with each failure.
  // Default: 1 s.
  std::chrono::milliseconds initial_backoff{1000};
  // The longest wait between two deliveries of an event. Default: 1 h.
  std::chrono::milliseconds max_backoff{3'600'000};
  // Events claimed per pass. Default: 32.
  int batch_size = 32;
};

// The Marketgate-Signature value of `body` signed at `unix_seconds`.
std::string SignatureHeader(std::string_view body, const Secret& secret, int64_t unix_seconds);

// The wait before the delivery that follows `attempts` failed ones (>= 1).
std::chrono::milliseconds Backoff(const DispatcherOptions& options, int64_t attempts);

class EventDispatcher {
 public:
  using WallClock = std::function<std::chrono::system_clock::time_point()>;

  // `store` must outlive the dispatcher. `clock` null: the system clock.
  EventDispatcher(store::Store& store, std::shared_ptr<const outbound::HttpClient> http,
                  DispatcherOptions options, WallClock clock = nullptr);
  ~EventDispatcher();
  EventDispatcher(const EventDispatcher&) = delete;
  EventDispatcher& operator=(const EventDispatcher&) = delete;

  // One pass over the due events; returns how many were delivered. Errors:
  // the store's (the pass stops; claimed events come due again after the
  // claim lease).
  Result<int> DeliverDue();

  // Runs DeliverDue() every poll_interval on a background thread.
  void Start();
  // Stops and joins the thread; an event being delivered finishes first.
  void Stop();

 private:
  std::chrono::system_clock::time_point Now() const;
  // Empty when every subscriber took it; else what went wrong.
  std::string Deliver(const store::OutboxEvent& event);

  store::Store& store_;
  std::shared_ptr<const outbound::HttpClient> http_;
  DispatcherOptions options_;
  WallClock clock_;
  std::unique_ptr<PeriodicTask> task_;  // while started
};

}  // namespace mg::events
