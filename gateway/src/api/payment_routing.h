// Which providers take a payment, and the durable record of every call made
// to them (the store's provider attempts: written before the call and
// completed after it, so that a crash leaves an attempt "started" for
// reconciliation, with the idempotency key to ask about).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "gateway/providers/payment_router.h"
#include "payment_context.h"

namespace mg::api {

// The route of `method` in `market`: the market's providers for the method
// that are configured, in the market's order and weights; when none is
// configured, the fallback provider (PaymentRoutesConfig). kUnprocessable
// [payment.method] when the market does not offer the method, declares it
// unavailable, or nothing configured can take it.
Result<providers::RouteConfig> ResolveRoute(const PaymentContext& context,
                                            const regions::Market& market, std::string_view method);

// The first provider the router would try; kUnprocessable [payment.method]
// when none accepts the amount and currency.
Result<std::string> FirstProvider(const PaymentContext& context,
                                  const providers::RouteConfig& route,
                                  const providers::AuthorizeRequest& request);

store::AttemptState AttemptStateOf(const providers::PaymentResult& result);
store::AttemptOperation AttemptOperationOf(providers::Operation operation);

// Records the provider calls of one purchase. Not thread-safe: one per
// request. Store errors are kept in error() (the router cannot be stopped
// once it runs; the attempt's idempotency key still lets reconciliation ask
// the provider).
class AttemptRecorder {
 public:
  AttemptRecorder(const PaymentContext& context, std::string purchase_id, int64_t amount_minor);

  // For PaymentRouter::Authorize; valid while the recorder lives.
  providers::AttemptObserver Observer();

  // A call made directly (refund): recorded before `call` runs, which is
  // not made when the record cannot be written.
  Result<providers::PaymentResult> Call(
      const std::string& provider, providers::Operation operation,
      const std::string& idempotency_key, int64_t amount_minor,
      const std::function<Result<providers::PaymentResult>()>& call);

  const Status& error() const { return error_; }

 private:
  void Observe(const providers::ProviderAttempt& attempt);
  Result<std::string> Started(const std::string& provider, providers::Operation operation,
                              const std::string& idempotency_key, int64_t amount_minor);
  void Finished(const std::string& attempt_id, const providers::PaymentResult& result);

  const PaymentContext& context_;
  std::string purchase_id_;
  int64_t amount_minor_;
  std::map<std::pair<int, providers::Operation>, std::string> ids_;  // by (attempt, operation)
  Status error_;
};

}  // namespace mg::api
