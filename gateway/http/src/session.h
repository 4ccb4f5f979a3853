// Internal to the server: one session per accepted connection. Reads HTTP/1.1
// requests (keep-alive, pipelining up to HttpLimits::max_pipelined), hands each
// to the RequestPipeline on the worker pool and writes the responses in order.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "connection.h"
#include "gateway/http/limits.h"
#include "gateway/http/pipeline.h"

namespace mg::http {

// Shared by every session of one listener; outlives them.
struct SessionContext {
  const RequestPipeline* pipeline;
  const HttpLimits* limits;
  boost::asio::thread_pool* workers;
  ConnectionTracker* tracker;
};

// `socket` must use a strand executor.
std::shared_ptr<Connection> MakePlainSession(boost::asio::ip::tcp::socket socket,
                                             const SessionContext& context);
std::shared_ptr<Connection> MakeTlsSession(boost::asio::ip::tcp::socket socket,
                                           boost::asio::ssl::context& tls,
                                           const SessionContext& context);

}  // namespace mg::http
