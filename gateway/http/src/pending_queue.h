// The requests one connection has read and not yet answered, in order: each
// with what RequestPipeline::Screen() decided and the memory its body holds,
// or a response ready to send as it is (a rejection). Requests are built in
// their slot and handled there: a request and its admission are large, and
// moving them from queue to handler cost ~2,000 instructions a request
// (callgrind of bench/ceiling_server).
#pragma once

#include <deque>
#include <optional>
#include <utility>

#include "body_budget.h"
#include "gateway/http/pipeline.h"

namespace mg::http {

struct Pending {
  std::optional<RawRequest> request;
  std::optional<Admission> admission;
  BodyBudget::Reservation body;
  std::optional<RawResponse> response;
};

class PendingQueue {
 public:
  void Push(RawRequest&& request, Admission&& admission, BodyBudget::Reservation&& body) {
    Pending& pending = queue_.emplace_back();
    pending.request.emplace(std::move(request));
    pending.admission.emplace(std::move(admission));
    pending.body = std::move(body);
  }
  void Push(RawResponse&& response) { queue_.emplace_back().response.emplace(std::move(response)); }

  Pending& Front() { return queue_.front(); }
  // Frees the front's request and the memory its body held.
  void Pop() { queue_.pop_front(); }
  bool Empty() const { return queue_.empty(); }
  size_t Size() const { return queue_.size(); }
  void Clear() { queue_.clear(); }

 private:
  std::deque<Pending> queue_;
};

}  // namespace mg::http
