#include "idempotency.h"

#include "base/log.h"
#include "gateway/http/auth.h"
#include "gateway/store/ids.h"
#include "gateway/store/request_fingerprint.h"

namespace mg::api {
namespace {

// Keys are per API key, so that two clients cannot collide on a key.
std::string KeyScope(const http::Request& request) {
  return request.api_key != nullptr ? request.api_key->name : std::string("anonymous");
}

http::Response MissingKey() {
  return CodedError(
      InvalidArgument("this request needs an Idempotency-Key header", kIdempotencyKeyHeader),
      kIdempotencyKeyMissing);
}

// The request's key, scope and fingerprint. REQUIRES: the key header is set.
Result<store::IdempotencyClaim> RequestKey(const http::Request& request) {
  MG_ASSIGN_OR_RETURN(std::string fingerprint,
                      store::RequestFingerprint(http::beast_http::to_string(request.method),
                                                request.path, request.body));
  return store::IdempotencyClaim{KeyScope(request),
                                 std::string(request.Header(kIdempotencyKeyHeader)),
                                 std::move(fingerprint)};
}

}  // namespace

http::Response ToResponse(const FinalResponse& final_response) {
  http::Response response;
  response.status = static_cast<boost::beast::http::status>(final_response.status_code);
  response.body = final_response.body;
  return response;
}

namespace {

// RunIdempotent once the request's key is known: a lease first, then the work.
Result<http::Response> RunLeased(const RouteContext& context, const http::Request& request,
                                 const store::IdempotencyClaim& key, const IdempotentWork& work) {
  MG_ASSIGN_OR_RETURN(
      store::IdempotencyBegin begin,
      context.store().BeginIdempotent(key.scope, key.key, key.fingerprint, context.NowMillis()));
  switch (begin.outcome) {
    case store::IdempotencyOutcome::kReplay:
      return ToResponse({begin.response.status_code, begin.response.body})
          .WithHeader(kIdempotentReplayedHeader, "true");
    case store::IdempotencyOutcome::kConflict:
      return CodedError(
          Status(ErrorCode::kConflict, "this Idempotency-Key was used with a different request",
                 kIdempotencyKeyHeader),
          kIdempotencyKeyReused);
    case store::IdempotencyOutcome::kInProgress:
      // Answered at once, as Stripe does: waiting here would hold a handler
      // thread and poll the database for every duplicate a client sends.
      return CodedError(Status(ErrorCode::kConflict,
                               "a request with this Idempotency-Key is still in progress; "
                               "retry after Retry-After seconds",
                               kIdempotencyKeyHeader),
                        kIdempotencyKeyInProgress)
          .WithHeader("Retry-After", "1");
    case store::IdempotencyOutcome::kNew:
      break;
  }

  IdempotentCall call(begin.lease, begin.recovered, begin.resource_id);
  Result<FinalResponse> done = work(call);
  if (!done.ok()) {
    if (!call.written()) {
      Status released = context.store().ReleaseIdempotent(call.lease());
      if (!released.ok()) {
        Log(LogLevel::kWarning, "request_id=" + request.request_id +
                                    " idempotency release failed: " + released.ToString());
      }
    }
    return done.status();
  }
  if (done->stored) return ToResponse(*done);
  Status completed = context.store().CompleteIdempotent(
      call.lease(), store::StoredResponse{done->status_code, done->body}, context.NowMillis());
  if (!completed.ok()) {
    // The outcome is durable in its records; only the replay copy is lost.
    Log(LogLevel::kWarning, "request_id=" + request.request_id +
                                " idempotency completion failed: " + completed.ToString());
  }
  return ToResponse(*done);
}

}  // namespace

Result<http::Response> RunIdempotent(const RouteContext& context, const http::Request& request,
                                     const IdempotentWork& work) {
  if (request.Header(kIdempotencyKeyHeader).empty()) return MissingKey();
  MG_ASSIGN_OR_RETURN(const store::IdempotencyClaim key, RequestKey(request));
  return RunLeased(context, request, key, work);
}

namespace {

// RunLocalIdempotent and RunClaimingIdempotent: the work claims the key in
// its own first transaction, under a lease when `leased`.
Result<http::Response> RunClaiming(const RouteContext& context, const http::Request& request,
                                   const IdempotentWork& work, bool leased) {
  if (request.Header(kIdempotencyKeyHeader).empty()) return MissingKey();
  MG_ASSIGN_OR_RETURN(const store::IdempotencyClaim key, RequestKey(request));
  MG_ASSIGN_OR_RETURN(const bool taken, context.store().HasIdempotencyKey(key.scope, key.key));
  if (taken) return RunLeased(context, request, key, work);

  store::IdempotencyClaim claim = key;
  if (leased) {
    MG_ASSIGN_OR_RETURN(claim.lease_owner, store::NewId("own"));
    claim.leased_until_ms = context.NowMillis() + context.config().idempotency_lease.count();
  }
  IdempotentCall call(std::move(claim));
  Result<FinalResponse> done = work(call);
  if (done.ok() && !done->stored) {
    const store::StoredResponse response{done->status_code, done->body};
    if (call.written()) {
      // The leased claim holds the key: completed as under RunIdempotent.
      Status completed =
          context.store().CompleteIdempotent(call.lease(), response, context.NowMillis());
      if (!completed.ok()) {
        // The outcome is durable in its records; only the replay copy is lost.
        Log(LogLevel::kWarning, "request_id=" + request.request_id +
                                    " idempotency completion failed: " + completed.ToString());
      }
      return ToResponse(*done);
    }
    Status claimed = context.store().ClaimIdempotent(key, response, context.NowMillis());
    if (store::IsIdempotencyKeyTaken(claimed)) return RunLeased(context, request, key, work);
    if (!claimed.ok()) {
      // The refusal wrote nothing; only its replay copy is lost.
      Log(LogLevel::kWarning,
          "request_id=" + request.request_id + " idempotency claim failed: " + claimed.ToString());
    }
  }
  if (done.ok()) return ToResponse(*done);
  // The work's first transaction found the key taken and wrote nothing.
  if (store::IsIdempotencyKeyTaken(done.status())) return RunLeased(context, request, key, work);
  return done.status();
}

}  // namespace

Result<http::Response> RunLocalIdempotent(const RouteContext& context, const http::Request& request,
                                          const IdempotentWork& work) {
  return RunClaiming(context, request, work, /*leased=*/false);
}

Result<http::Response> RunClaimingIdempotent(const RouteContext& context,
                                             const http::Request& request,
                                             const IdempotentWork& work) {
  return RunClaiming(context, request, work, /*leased=*/true);
}

}  // namespace mg::api
