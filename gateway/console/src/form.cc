#include "form.h"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace mg::console {

Result<std::map<std::string, std::string, std::less<>>> ParseForm(std::string_view body) {
  if (!boost::urls::parse_query(body)) {
    return InvalidArgument("the form body is not application/x-www-form-urlencoded");
  }
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  std::map<std::string, std::string, std::less<>> form;
  for (const boost::urls::param& param : boost::urls::params_view(body, options)) {
    form.emplace(param.key, param.value);  // the first value of a name stands
  }
  return form;
}

std::optional<std::string> CookieValue(std::string_view cookie_header, std::string_view name) {
  // RFC 6265 section 5.4: "name=value" pairs separated by "; ".
  while (!cookie_header.empty()) {
    const size_t end = cookie_header.find(';');
    std::string_view pair = cookie_header.substr(0, end);
    cookie_header =
        end == std::string_view::npos ? std::string_view() : cookie_header.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
  }
  return std::nullopt;
}

}  // namespace mg::console
