// ParseBuffered (gateway/http/src/buffered_parse.h): what the session's
// buffer already holds is parsed without another read, and only that.
#include "buffered_parse.h"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

namespace mg::http {
namespace {

using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;

void Fill(boost::beast::flat_buffer& buffer, const std::string& bytes) {
  buffer.commit(boost::asio::buffer_copy(buffer.prepare(bytes.size()), boost::asio::buffer(bytes)));
}

constexpr const char* kPost =
    "POST /v1/quotes HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";

TEST(BufferedParseTest, AHeaderInTheBufferIsParsedAndTheBodyLeftForLater) {
  boost::beast::flat_buffer buffer;
  Fill(buffer, kPost);
  Parser parser;
  boost::beast::error_code ec;
  EXPECT_TRUE(ParseBuffered(parser, buffer, ParseTo::kHeader, ec));
  EXPECT_FALSE(ec);
  EXPECT_TRUE(parser.is_header_done());
  EXPECT_FALSE(parser.is_done());
  EXPECT_EQ(buffer.size(), 5u);  // the body, not consumed yet
  EXPECT_EQ(parser.get().target(), "/v1/quotes");

  EXPECT_TRUE(ParseBuffered(parser, buffer, ParseTo::kMessage, ec));
  EXPECT_FALSE(ec);
  EXPECT_TRUE(parser.is_done());
  EXPECT_EQ(parser.get().body(), "hello");
  EXPECT_EQ(buffer.size(), 0u);
}

TEST(BufferedParseTest, APartialRequestAsksForMoreAndGoesOnFromWhereItStopped) {
  const std::string request = kPost;
  boost::beast::flat_buffer buffer;
  Fill(buffer, request.substr(0, 20));  // inside the request line
  Parser parser;
  boost::beast::error_code ec;
  EXPECT_FALSE(ParseBuffered(parser, buffer, ParseTo::kHeader, ec));
  EXPECT_FALSE(ec);
  Fill(buffer, request.substr(20, request.size() - 22));  // all but the body's last two bytes
  EXPECT_TRUE(ParseBuffered(parser, buffer, ParseTo::kHeader, ec));
  EXPECT_FALSE(ParseBuffered(parser, buffer, ParseTo::kMessage, ec));
  EXPECT_FALSE(ec);
  Fill(buffer, request.substr(request.size() - 2));
  EXPECT_TRUE(ParseBuffered(parser, buffer, ParseTo::kMessage, ec));
  EXPECT_EQ(parser.get().body(), "hello");
}

TEST(BufferedParseTest, AnEmptyBufferAsksForAReadAndAnErrorIsAnAnswer) {
  boost::beast::flat_buffer buffer;
  Parser parser;
  boost::beast::error_code ec;
  EXPECT_FALSE(ParseBuffered(parser, buffer, ParseTo::kHeader, ec));
  EXPECT_FALSE(ec);
  Fill(buffer, "NOT A REQUEST\r\n\r\n");
  EXPECT_TRUE(ParseBuffered(parser, buffer, ParseTo::kHeader, ec));
  EXPECT_TRUE(ec);
  // The parser's limits hold as in Beast's own reads.
  boost::beast::flat_buffer big;
  Fill(big, "GET / HTTP/1.1\r\nX: " + std::string(200, 'a') + "\r\n\r\n");
  Parser limited;
  limited.header_limit(64);
  boost::beast::error_code limit_ec;
  EXPECT_TRUE(ParseBuffered(limited, big, ParseTo::kHeader, limit_ec));
  EXPECT_EQ(limit_ec, boost::beast::http::error::header_limit);
}

}  // namespace
}  // namespace mg::http
