// Internal to the server: one session per accepted connection. Reads HTTP/1.1
// requests (keep-alive, pipelining up to HttpLimits::max_pipelined once a
// request has shown a valid key), screens each from its headers, reads the
// body of the admitted ones, answers on its own I/O thread what cannot block
// and hands the rest to the RequestPipeline on the worker pool, and writes
// the responses in order.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "body_budget.h"
#include "connection.h"
#include "connection_budget.h"
#include "gateway/http/limits.h"
#include "gateway/http/pipeline.h"

namespace mg::http {

// Shared by every session of one listener; outlives them.
struct SessionContext {
  const RequestPipeline* pipeline;
  const HttpLimits* limits;
  boost::asio::thread_pool* workers;
  ConnectionTracker* tracker;
  BodyBudget* bodies;  // shared by every listener
};

// What the listener decided about one connection: admitted (holding its
// slot until the session ends) or refused, answered 503/429 and closed.
struct SessionAdmission {
  std::string client_address;  // AddressKey() of the peer
  ConnectionBudget::Refusal refusal = ConnectionBudget::Refusal::kNone;
  ConnectionBudget::Slot slot;
};

// `socket` must belong to an io_context that one thread runs (IoPool).
std::shared_ptr<Connection> MakePlainSession(boost::asio::ip::tcp::socket socket,
                                             const SessionContext& context,
                                             SessionAdmission admission);
std::shared_ptr<Connection> MakeTlsSession(boost::asio::ip::tcp::socket socket,
                                           boost::asio::ssl::context& tls,
                                           const SessionContext& context,
                                           SessionAdmission admission);

}  // namespace mg::http
