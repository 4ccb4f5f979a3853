// End-to-end tests of the server's limits on connections, memory and time,
// over real loopback sockets (HttpLimits, docs/security.md "Limits").
#include <gtest/gtest.h>
#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "gateway/http/server.h"
#include "http_test_support.h"

namespace mg::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::beast::http::field;
using boost::beast::http::status;
using testing::Fetch;
using testing::kReadKey;
using testing::MakeRequest;
using testing::TestClient;
using testing::TestServer;

std::string ErrorCodeOf(const RawResponse& response) {
  return std::string(boost::json::parse(response.body()).at("error").at("code").as_string());
}

// Opens `count` connections from 127.0.0.1 that send nothing.
std::vector<tcp::socket> OpenIdleConnections(asio::io_context& io, unsigned short port,
                                             size_t count) {
  std::vector<tcp::socket> sockets;
  sockets.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    tcp::socket& socket = sockets.emplace_back(io);
    boost::system::error_code ec;
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    EXPECT_FALSE(ec) << "connection " << i << ": " << ec.message();
  }
  return sockets;
}

// Waits until every socket but `expected_silent` has something to read (a
// response or the end), or `deadline` passes; returns the indexes of those
// that have.
std::vector<size_t> SocketsAnswered(std::vector<tcp::socket>& sockets, size_t expected_silent,
                                    std::chrono::seconds deadline) {
  const auto give_up = std::chrono::steady_clock::now() + deadline;
  std::vector<pollfd> fds;
  for (auto& socket : sockets) fds.push_back({socket.native_handle(), POLLIN, 0});
  std::vector<size_t> answered;
  do {
    ::poll(fds.data(), fds.size(), 100);
    answered.clear();
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].revents != 0) answered.push_back(i);
    }
  } while (answered.size() + expected_silent < sockets.size() &&
           std::chrono::steady_clock::now() < give_up);
  return answered;
}

std::optional<RawResponse> ReadResponse(tcp::socket& socket) {
  boost::beast::flat_buffer buffer;
  boost::beast::http::response_parser<boost::beast::http::string_body> parser;
  boost::system::error_code ec;
  boost::beast::http::read(socket, buffer, parser, ec);
  if (ec) return std::nullopt;
  return parser.release();
}

TEST(ServerLimitsTest, TwoThousandIdleConnectionsFromOneAddressAreCappedAndOthersServed) {
  TestServer::Options options;  // the default limits
  const size_t cap = options.limits.max_connections_per_address;
  ASSERT_EQ(cap, 64u);
  TestServer server(options);
  asio::io_context io;
  std::vector<tcp::socket> flood = OpenIdleConnections(io, server.port(), 2000);

  std::vector<size_t> answered = SocketsAnswered(flood, cap, std::chrono::seconds(20));
  ASSERT_EQ(answered.size(), flood.size() - cap);
  size_t refused = 0;
  for (size_t index : answered) {
    std::optional<RawResponse> response = ReadResponse(flood[index]);
    ASSERT_TRUE(response) << index;
    EXPECT_EQ(response->result(), status::too_many_requests);
    EXPECT_EQ((*response)[field::retry_after], "1");
    EXPECT_EQ(ErrorCodeOf(*response), "too_many_connections");
    EXPECT_FALSE(response->keep_alive());
    ++refused;
  }
  EXPECT_EQ(refused, 2000 - cap);

  // Another client is still served while the flood holds its share.
  TestClient other(server.port(), std::chrono::seconds(10), "127.0.0.2");
  ASSERT_TRUE(other.connected());
  ASSERT_FALSE(other.Send(MakeRequest(Verb::get, "/test/echo/other")));
  std::optional<RawResponse> served = other.Read();
  ASSERT_TRUE(served);
  EXPECT_EQ(served->result(), status::ok);

  // The flooding address gets a connection again once it closes one.
  std::vector<bool> was_answered(flood.size());
  for (size_t index : answered) was_answered[index] = true;
  for (size_t i = 0; i < flood.size(); ++i) {
    if (!was_answered[i]) {
      flood[i].close();
      break;
    }
  }
  std::optional<RawResponse> again;
  for (int attempt = 0; attempt < 50; ++attempt) {
    again = Fetch(server.port(), Verb::get, "/test/echo/again");
    if (again && again->result() == status::ok) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(again);
  EXPECT_EQ(again->result(), status::ok);
}

TEST(ServerLimitsTest, AFullListenerAnswers503AndTheAdminListenerStillServes) {
  TestServer::Options options;
  options.limits.max_connections = 4;
  TestServer server(options);
  asio::io_context io;
  std::vector<tcp::socket> held = OpenIdleConnections(io, server.port(), 4);
  // The listener counts a connection once it accepts it: wait for all four.
  for (int attempt = 0; attempt < 100 && server.server().open_connections() < 4; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::optional<RawResponse> refused = Fetch(server.port(), Verb::get, "/test/echo/x");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->result(), status::service_unavailable);
  EXPECT_EQ((*refused)[field::retry_after], "1");
  EXPECT_EQ(ErrorCodeOf(*refused), "too_many_connections");

  std::optional<RawResponse> admin = Fetch(server.admin_port(), Verb::get, "/metrics");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->result(), status::ok);
}

TEST(ServerLimitsTest, ARequestWithoutAValidKeyIsRefusedBeforeItsBodyIsRead) {
  TestServer server;
  TestClient client(server.port());
  // Announces half a megabyte and sends none of it: the refusal cannot wait
  // for the body.
  ASSERT_FALSE(
      client.SendRaw("POST /test/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\n"
                     "Content-Type: application/json\r\nContent-Length: 500000\r\n\r\n"));
  const auto start = std::chrono::steady_clock::now();
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), status::unauthorized);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(ServerLimitsTest, BodiesBeyondTheMemoryBudgetGet503UntilMemoryIsFree) {
  TestServer::Options options;
  options.limits.max_body_bytes = 1000;
  options.limits.max_buffered_body_bytes = 1000;
  TestServer server(options);
  const std::string body = "{\"pad\":\"" + std::string(990, 'x') + "\"}";
  ASSERT_EQ(body.size(), 1000u);
  const std::string head = "POST /test/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                           std::string(kReadKey) +
                           "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
  // The first client holds the whole budget with a body it has not finished.
  TestClient holder(server.port());
  ASSERT_FALSE(holder.SendRaw(head + body.substr(0, 10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));

  TestClient second(server.port());
  ASSERT_FALSE(second.SendRaw(head));
  std::optional<RawResponse> busy = second.Read();
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->result(), status::service_unavailable);
  EXPECT_EQ(ErrorCodeOf(*busy), "server_busy");
  EXPECT_EQ((*busy)[field::retry_after], "1");

  ASSERT_FALSE(holder.SendRaw(body.substr(10)));
  std::optional<RawResponse> done = holder.Read();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->result(), status::ok);

  // Handled and answered: its memory is back in the budget.
  TestClient third(server.port());
  ASSERT_FALSE(third.SendRaw(head + body));
  std::optional<RawResponse> accepted = third.Read();
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->result(), status::ok);
}

TEST(ServerLimitsTest, SlowHeadersGet408AfterTheHeaderTimeout) {
  TestServer::Options options;
  options.limits.header_timeout = std::chrono::milliseconds(300);
  TestServer server(options);  // request_timeout stays 30 s
  TestClient client(server.port());
  ASSERT_FALSE(client.SendRaw("GET /test/echo/x HTTP/1.1\r\nHost: x\r\n"));  // no blank line
  const auto start = std::chrono::steady_clock::now();
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), status::request_timeout);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_TRUE(client.ReadsEof());
}

TEST(ServerLimitsTest, ASlowBodyGets408AfterTheRequestTimeout) {
  TestServer::Options options;
  options.limits.request_timeout = std::chrono::milliseconds(400);
  options.limits.header_timeout = std::chrono::milliseconds(400);
  TestServer server(options);
  TestClient client(server.port());
  ASSERT_FALSE(
      client.SendRaw("POST /test/body HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"a\""));
  const auto start = std::chrono::steady_clock::now();
  std::optional<RawResponse> response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), status::request_timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

// A client that stops reading its response does not hold the connection:
// the write is cut after the request timeout.
TEST(ServerLimitsTest, AResponseTheClientDoesNotReadIsCutAfterTheRequestTimeout) {
  TestServer::Options options;
  options.limits.request_timeout = std::chrono::milliseconds(300);
  TestServer server(options);
  TestClient client(server.port());
  ASSERT_TRUE(client.connected());
  ASSERT_FALSE(client.Send(MakeRequest(Verb::get, "/test/big")));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(server.server().open_connections(), 1u);  // writing, blocked on the client
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server.server().open_connections() > 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(server.server().open_connections(), 0u);
}

TEST(ServerLimitsTest, UnauthenticatedRequestsAreLimitedPerAddress) {
  TestServer::Options options;
  options.per_address = RateLimit{1, 2};
  TestServer server(options);
  TestClient client(server.port());
  auto get = [&](const std::string& target, const std::string& key) {
    EXPECT_FALSE(client.Send(MakeRequest(Verb::get, target, key)));
    std::optional<RawResponse> response = client.Read();
    EXPECT_TRUE(response);
    return response ? response->result() : status::unknown;
  };
  EXPECT_EQ(get("/test/echo/a", ""), status::ok);
  EXPECT_EQ(get("/test/read", "sk_wrong"), status::unauthorized);  // a failed key counts
  EXPECT_EQ(get("/test/echo/b", ""), status::too_many_requests);
  EXPECT_EQ(get("/test/read", "sk_wrong"), status::too_many_requests);
  // A valid key is limited by its own bucket, not the address's.
  EXPECT_EQ(get("/test/read", kReadKey), status::ok);
  // Another address has its own bucket.
  TestClient other(server.port(), std::chrono::seconds(10), "127.0.0.3");
  ASSERT_FALSE(other.Send(MakeRequest(Verb::get, "/test/echo/c")));
  std::optional<RawResponse> response = other.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), status::ok);
}

}  // namespace
}  // namespace mg::http
