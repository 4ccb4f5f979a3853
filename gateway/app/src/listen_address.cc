// A listen address from the config ("127.0.0.1:8080", "[::1]:8443"): parsed
// and printed. Apart from the config reader because only it needs Asio's
// address parser.
#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>

#include "gateway/app/config.h"

namespace mg::app {

std::string ListenAddress::ToString() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument("listen address '" + std::string(text) + "': " + why +
                           " (expected HOST:PORT with an IP address, e.g. 127.0.0.1:8080)");
  };
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad("no port");
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return bad("an IPv6 address needs brackets");
  }
  boost::system::error_code ec;
  boost::asio::ip::make_address(std::string(host), ec);
  if (ec) return bad("'" + std::string(host) + "' is not an IP address");
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string_view::npos) {
    return bad("bad port");
  }
  int port = std::stoi(std::string(port_text));
  if (port > 65535) return bad("port above 65535");
  return ListenAddress{std::string(host), static_cast<unsigned short>(port)};
}

}  // namespace mg::app
