// What a browser sends the console: form bodies and cookies.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mg::console {

// An application/x-www-form-urlencoded body (percent escapes and '+' for
// a space decoded, by Boost.URL): each name's first value.
// kInvalidArgument for a body that is not one.
Result<std::map<std::string, std::string, std::less<>>> ParseForm(std::string_view body);

// The value of cookie `name` in a Cookie header ("a=1; b=2"); nullopt when
// absent.
std::optional<std::string> CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace mg::console
