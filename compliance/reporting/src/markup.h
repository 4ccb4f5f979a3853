// Escaping for the XML and HTML reports (internal).
#pragma once

#include <string>
#include <string_view>

namespace mg::compliance {

// Escapes &, <, >, " and ' for text and attribute values.
std::string Escape(std::string_view text);

// Escaped text in which every http(s) URL becomes a link.
std::string Linkify(std::string_view text);

}  // namespace mg::compliance
