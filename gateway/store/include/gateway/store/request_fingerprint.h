// The fingerprint that ties an idempotency key to one request.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace mg::store {

// Lower-case hex SHA-256 (OpenSSL EVP) of the method, the path and the
// canonical form of the JSON body: object members sorted by key, no
// insignificant whitespace. Two bodies that differ only in member order or
// spacing give the same fingerprint; any other difference gives another.
// An empty body is allowed (GET, DELETE). kInvalidArgument when the body is
// not JSON.
Result<std::string> RequestFingerprint(std::string_view method, std::string_view path,
                                       std::string_view json_body);

// The canonical form described above.
Result<std::string> CanonicalJson(std::string_view json);

}  // namespace mg::store
