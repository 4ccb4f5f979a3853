#include "gateway/store/ids.h"

#include <openssl/rand.h>

#include <array>

#include "base/crypto.h"

namespace mg::store {

Result<std::string> NewId(std::string_view prefix) {
  std::array<unsigned char, 12> bytes;
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return Status(ErrorCode::kInternal, "the random number generator failed");
  }
  std::string id;
  id.reserve(prefix.size() + 1 + 2 * bytes.size());
  id.append(prefix);
  id.push_back('_');
  AppendHex(bytes, id);
  return id;
}

}  // namespace mg::store
