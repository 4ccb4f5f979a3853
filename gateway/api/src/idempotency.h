// Idempotent POST handling over the store's idempotency keys:
//
//   no Idempotency-Key        400 idempotency_key_missing (nothing written)
//   same key, other request   409 idempotency_key_reused
//   same key, completed       the stored status and body, byte for byte,
//                             plus "Idempotent-Replayed: true"
//   same key, in progress     409 idempotency_key_in_progress with
//                             Retry-After: 1, at once (no thread waits, no
//                             polling); the retry gets the replay
//   new key                   run the work
//
// The work returns a FinalResponse (stored and sent; also for final refusals
// such as a compliance denial or a decline) or a Status. A Status before the
// work marked a durable write frees the key (bad input: a corrected retry may
// reuse it); after a write the key stays held, so that a retry after the
// lease takes over the same record (IdempotencyBegin::recovered) instead of
// creating a second one.
#pragma once

#include <functional>
#include <string>

#include "api_errors.h"
#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "gateway/store/records.h"
#include "route_context.h"

namespace mg::api {

inline constexpr const char* kIdempotencyKeyHeader = "Idempotency-Key";
inline constexpr const char* kIdempotentReplayedHeader = "Idempotent-Replayed";

// The key held by one request, and what an earlier holder left behind.
class IdempotentCall {
 public:
  IdempotentCall(store::IdempotencyLease lease, bool recovered, std::string resource_id)
      : lease_(std::move(lease)), recovered_(recovered), resource_id_(std::move(resource_id)) {}

  const store::IdempotencyLease& lease() const { return lease_; }
  // A record an earlier holder of the key created before it stalled; empty
  // when there is none.
  const std::string& recovered_resource() const { return resource_id_; }
  bool recovered() const { return recovered_; }

  // Call once a record linked to the key is durably written.
  void MarkWritten() { written_ = true; }
  bool written() const { return written_; }

 private:
  store::IdempotencyLease lease_;
  bool recovered_ = false;
  std::string resource_id_;
  bool written_ = false;
};

using IdempotentWork = std::function<Result<FinalResponse>(IdempotentCall&)>;

Result<http::Response> RunIdempotent(const RouteContext& context, const http::Request& request,
                                     const IdempotentWork& work);

// The response sent for a FinalResponse (a JSON body).
http::Response ToResponse(const FinalResponse& final_response);

}  // namespace mg::api
