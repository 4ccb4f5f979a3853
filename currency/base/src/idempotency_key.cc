#include "base/idempotency_key.h"

#include <span>

#include "base/crypto.h"

namespace mg {

std::string DeriveIdempotencyKey(std::string_view record_id, int attempt,
                                 std::string_view operation) {
  // Unit separators keep ("a1", 2) and ("a", 12) apart.
  std::string material(record_id);
  material += '\x1f';
  material += std::to_string(attempt);
  material += '\x1f';
  material += operation;
  // 40 hex digits: the first 20 bytes of the SHA-256.
  const Sha256Digest digest = Sha256(material);
  std::string key = "mg-";
  key += operation;
  key += '-';
  AppendHex(std::span<const unsigned char>(digest.data(), 20), key);
  return key;
}

}  // namespace mg
