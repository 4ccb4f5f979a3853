// An HttpClient that answers from a script, in order, and records what it
// was sent: adapter tests of calls that chain several requests.
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "gateway/outbound/http_client.h"

namespace mg::providers::testing {

class ScriptedHttp final : public outbound::HttpClient {
 public:
  // The next request gets this response.
  void Answer(int status, std::string body) {
    outbound::HttpResult r;
    r.kind = outbound::HttpResult::Kind::kResponse;
    r.response.status = status;
    r.response.body = std::move(body);
    script_.push_back(std::move(r));
  }
  // The next request fails: kNotSent or kAmbiguous (a read timeout).
  void Fail(outbound::HttpResult::Kind kind, std::string error) {
    outbound::HttpResult r;
    r.kind = kind;
    r.error = std::move(error);
    script_.push_back(std::move(r));
  }

  outbound::HttpResult Send(const outbound::HttpRequest& request) const override {
    std::lock_guard lock(mu_);
    sent_.push_back(request);
    if (script_.empty()) {
      outbound::HttpResult none;
      none.kind = outbound::HttpResult::Kind::kNotSent;
      none.error = "script exhausted";
      return none;
    }
    outbound::HttpResult next = std::move(script_.front());
    script_.pop_front();
    return next;
  }
  std::size_t IdleConnections() const override { return 0; }
  std::size_t ConnectionsOpened() const override { return 0; }

  const std::vector<outbound::HttpRequest>& sent() const { return sent_; }
  std::size_t unanswered() const { return script_.size(); }

 private:
  mutable std::mutex mu_;
  mutable std::deque<outbound::HttpResult> script_;
  mutable std::vector<outbound::HttpRequest> sent_;
};

// The value of header `name` in `request`, or "" when absent.
inline std::string HeaderOf(const outbound::HttpRequest& request, const std::string& name) {
  for (const auto& [k, v] : request.headers) {
    if (k == name) return v;
  }
  return "";
}

}  // namespace mg::providers::testing
