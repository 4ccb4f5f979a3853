#include "gateway/events/event_dispatcher.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "base/crypto.h"
#include "base/log.h"

namespace mg::events {
namespace {

int64_t UnixSeconds(std::chrono::system_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

store::UnixMillis UnixMillis(std::chrono::system_clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

std::string EventBody(const store::OutboxEvent& event) {
  boost::system::error_code ec;
  boost::json::value data = boost::json::parse(event.payload_json, ec);
  if (ec) data = event.payload_json;  // a payload that is not JSON goes as text
  return boost::json::serialize(boost::json::object{{"id", event.id},
                                                    {"type", event.type},
                                                    {"created", event.created_at_ms / 1000},
                                                    {"data", std::move(data)}});
}

}  // namespace

std::string SignatureHeader(std::string_view body, const Secret& secret, int64_t unix_seconds) {
  const std::string t = std::to_string(unix_seconds);
  const std::string signed_text = t + "." + std::string(body);
  return "t=" + t + ",v1=" + mg::HexEncode(mg::HmacSha256(secret.reveal(), signed_text));
}

std::chrono::milliseconds Backoff(const DispatcherOptions& options, int64_t attempts) {
  std::chrono::milliseconds wait = options.initial_backoff;
  for (int64_t i = 1; i < attempts && wait < options.max_backoff; ++i) wait *= 2;
  return std::min(wait, options.max_backoff);
}

EventDispatcher::EventDispatcher(store::Store& store,
                                 std::shared_ptr<const outbound::HttpClient> http,
                                 DispatcherOptions options, WallClock clock)
    : store_(store),
      http_(std::move(http)),
      options_(std::move(options)),
      clock_(std::move(clock)) {}

EventDispatcher::~EventDispatcher() { Stop(); }

std::chrono::system_clock::time_point EventDispatcher::Now() const {
  return clock_ ? clock_() : std::chrono::system_clock::now();
}

std::string EventDispatcher::Deliver(const store::OutboxEvent& event) {
  const std::string body = EventBody(event);
  std::string errors;
  for (const Subscriber& subscriber : options_.subscribers) {
    outbound::HttpRequest request;
    request.method = "POST";
    request.url = subscriber.url;
    request.body = body;
    request.headers = {
        {"Content-Type", "application/json"},
        {"Marketgate-Event-Id", event.id},
        {"Marketgate-Signature", SignatureHeader(body, subscriber.secret, UnixSeconds(Now()))}};
    outbound::HttpResult result = http_->Send(request);
    std::string error;
    if (!result.ok()) {
      error = result.error;
    } else if (result.response.status < 200 || result.response.status > 299) {
      error = "HTTP " + std::to_string(result.response.status);
    }
    if (!error.empty()) errors += (errors.empty() ? "" : "; ") + subscriber.url + ": " + error;
  }
  return errors;
}

Result<int> EventDispatcher::DeliverDue() {
  MG_ASSIGN_OR_RETURN(std::vector<store::OutboxEvent> due,
                      store_.ClaimDueEvents(UnixMillis(Now()), options_.batch_size));
  int delivered = 0;
  for (const store::OutboxEvent& event : due) {
    const std::string error = Deliver(event);
    if (error.empty()) {
      MG_RETURN_IF_ERROR(store_.MarkEventDelivered(event.id, UnixMillis(Now())));
      ++delivered;
      continue;
    }
    const int64_t attempts = event.attempts + 1;
    const store::UnixMillis next = UnixMillis(Now()) + Backoff(options_, attempts).count();
    Log(LogLevel::kWarning, "event " + event.id + " not delivered (attempt " +
                                std::to_string(attempts) + "): " + error);
    MG_RETURN_IF_ERROR(store_.RescheduleEvent(event.id, next, attempts, error));
  }
  return delivered;
}

void EventDispatcher::Start() {
  if (task_ || options_.subscribers.empty()) return;
  task_ = std::make_unique<PeriodicTask>("event delivery", options_.poll_interval, [this] {
    Result<int> pass = DeliverDue();
    if (!pass.ok()) {
      Log(LogLevel::kWarning, "event delivery pass failed: " + pass.status().ToString());
    }
  });
}

void EventDispatcher::Stop() { task_.reset(); }

}  // namespace mg::events
