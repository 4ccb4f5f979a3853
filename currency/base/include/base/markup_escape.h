// Text made safe inside HTML and XML (the compliance reports, the ops
// console).
#pragma once

#include <string>
#include <string_view>

namespace mg {

// Escapes &, <, >, " and ' for text and quoted attribute values; control
// characters other than tab, newline and carriage return, which XML 1.0 does
// not allow, become spaces.
std::string EscapeMarkup(std::string_view text);

}  // namespace mg
