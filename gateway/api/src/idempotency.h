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
#include <optional>
#include <string>

#include "api_errors.h"
#include "gateway/http/request.h"
#include "gateway/http/response.h"
#include "gateway/store/records.h"
#include "gateway/store/store.h"
#include "route_context.h"

namespace mg::api {

inline constexpr const char* kIdempotencyKeyHeader = "Idempotency-Key";
inline constexpr const char* kIdempotentReplayedHeader = "Idempotent-Replayed";

// The key held by one request, and what an earlier holder left behind; or,
// under RunLocalIdempotent, the key the request's one transaction claims.
class IdempotentCall {
 public:
  IdempotentCall(store::IdempotencyLease lease, bool recovered, std::string resource_id)
      : lease_(std::move(lease)), recovered_(recovered), resource_id_(std::move(resource_id)) {}
  explicit IdempotentCall(store::IdempotencyClaim claim)
      : lease_(claim.leased() ? claim.lease() : store::IdempotencyLease{}),
        claim_(std::move(claim)) {}

  // BeginIdempotent's lease, or a leased claim's (RunClaimingIdempotent),
  // which holds the key once the claim's transaction is written.
  // REQUIRES: not a claim of RunLocalIdempotent.
  const store::IdempotencyLease& lease() const { return lease_; }
  // The effects that hold the key: its claim until a record is written,
  // then its lease.
  store::Effects KeyEffects() const {
    return claim_ && !written_ ? store::Effects::Claiming(&*claim_)
                               : store::Effects::Holding(&lease_);
  }
  // A record an earlier holder of the key created before it stalled; empty
  // when there is none.
  const std::string& recovered_resource() const { return resource_id_; }
  bool recovered() const { return recovered_; }

  // Call once a record linked to the key is durably written.
  void MarkWritten() { written_ = true; }
  bool written() const { return written_; }

 private:
  store::IdempotencyLease lease_;
  std::optional<store::IdempotencyClaim> claim_;
  bool recovered_ = false;
  std::string resource_id_;
  bool written_ = false;
};

using IdempotentWork = std::function<Result<FinalResponse>(IdempotentCall&)>;

Result<http::Response> RunIdempotent(const RouteContext& context, const http::Request& request,
                                     const IdempotentWork& work);

// As RunIdempotent, for work that calls no provider and writes its outcome
// in one transaction (a gift): a new key is not leased first but claimed in
// that transaction (call.KeyEffects(); a final refusal claims it on its
// own), so a request costs one durable commit instead of two. The work
// must write nothing before that transaction. When the key turns out to
// exist (a concurrent request with the same key, or an older use), the
// request goes the RunIdempotent way: replay, conflict or in progress.
Result<http::Response> RunLocalIdempotent(const RouteContext& context, const http::Request& request,
                                          const IdempotentWork& work);

// As RunLocalIdempotent, for work that calls a provider after its first
// transaction (a purchase): that transaction claims the key in progress
// under a lease (call.KeyEffects()), held exactly as BeginIdempotent's
// lease would hold it, and the work's last transaction completes it with
// call.lease(). A request costs one durable commit fewer than under
// RunIdempotent; a retry of a request that stalled after its first write
// finds the key leased and goes the RunIdempotent way (in progress, then
// recovered).
Result<http::Response> RunClaimingIdempotent(const RouteContext& context,
                                             const http::Request& request,
                                             const IdempotentWork& work);

// The response sent for a FinalResponse (a JSON body).
http::Response ToResponse(const FinalResponse& final_response);

}  // namespace mg::api
