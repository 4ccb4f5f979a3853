// GET /console/reloads: the reloads of the market files, the newest first
// (regions::MarketRegistry::history): when, who or what asked, the result,
// the version and markets serving after it, and a rejected reload's errors
// with file, line and column. A button reloads now (POST /console/reload,
// with the session's CSRF token), as SIGHUP and POST /admin/reload do.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "operator_format.h"
#include "regions/snapshot.h"

namespace mg::console {

std::string ReloadsBody(const std::vector<regions::MarketRegistry::ReloadRecord>& history,
                        std::string_view csrf, const OperatorFormat& format);

}  // namespace mg::console
