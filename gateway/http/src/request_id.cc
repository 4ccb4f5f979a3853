#include "gateway/http/request_id.h"

#include <openssl/rand.h>

#include <array>
#include <random>

#include "base/crypto.h"

namespace mg::http {

std::string NewRequestId() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // Request ids are for correlation, not security: a weaker source is
    // better than failing the request.
    thread_local std::mt19937_64 fallback{std::random_device{}()};
    for (auto& byte : bytes) byte = static_cast<unsigned char>(fallback());
  }
  return HexEncode(bytes);
}

bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string RequestIdFor(std::string_view client_id) {
  return IsAcceptableRequestId(client_id) ? std::string(client_id) : NewRequestId();
}

}  // namespace mg::http
