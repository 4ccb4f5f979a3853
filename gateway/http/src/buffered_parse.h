// Feeding a Beast parser what a connection's buffer already holds, before
// reading again. Beast's read operations parse the same way but complete
// even a read the buffer satisfies through the executor: a queue round trip
// per request, when the first read usually holds the whole request
// (docs/performance.md, "The HTTP stack").
#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace mg::http {

enum class ParseTo { kHeader, kMessage };

// Parses `buffer`'s bytes into `parser`, consuming what it used. True when
// that reached the end of what `to` names or an error, which is then in
// `ec`; false when more bytes must be read (the parser keeps its state for
// Beast's async read to go on).
template <typename Parser, typename DynamicBuffer>
bool ParseBuffered(Parser& parser, DynamicBuffer& buffer, ParseTo to,
                   boost::beast::error_code& ec) {
  const bool whole = to == ParseTo::kMessage;
  parser.eager(whole);
  auto reached = [&] { return whole ? parser.is_done() : parser.is_header_done(); };
  while (buffer.size() > 0 && !reached()) {
    const size_t used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == boost::beast::http::error::need_more) {
      ec = {};
      return false;
    }
    if (ec) return true;
    if (used == 0) break;
  }
  return reached();
}

}  // namespace mg::http
