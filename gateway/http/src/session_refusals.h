// Internal to the server: what a session answers by itself, then closes: a
// connection over the listener's limits (503, 429), and a request it could
// not read (408 when the read timed out, 413 and 431 over the size limits,
// 400 for what the HTTP parser refused; nothing for a failed connection).
#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/status.hpp>
#include <optional>
#include <string>

#include "connection_budget.h"
#include "gateway/http/limits.h"

namespace mg::http {

struct SessionRefusal {
  boost::beast::http::status status;
  std::string code;
  std::string message;
  std::string retry_after;  // seconds; "" for none
};

// REQUIRES: refusal != kNone.
SessionRefusal RefusalForConnection(ConnectionBudget::Refusal refusal);

// nullopt: no answer can be sent (a reset, a broken connection): close.
std::optional<SessionRefusal> RefusalForReadError(boost::beast::error_code ec, bool timed_out,
                                                  const HttpLimits& limits);

}  // namespace mg::http
