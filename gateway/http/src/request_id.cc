#include "gateway/http/request_id.h"

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <random>

#include "base/crypto.h"

namespace mg::http {

namespace {

// Request ids correlate logs; they guard nothing, so they need to be unique,
// not unpredictable. RAND_bytes per request cost a getpid() system call each
// (OpenSSL's fork check: one per request in `strace -c` of bench/ceiling_server),
// so each thread draws from its own generator, seeded once from RAND_bytes.
std::mt19937_64& ThreadGenerator() {
  thread_local std::mt19937_64 generator = [] {
    std::array<uint32_t, 8> seed{};
    if (RAND_bytes(reinterpret_cast<unsigned char*>(seed.data()), static_cast<int>(sizeof seed)) !=
        1) {
      std::random_device device;
      for (auto& word : seed) word = device();
    }
    std::seed_seq sequence(seed.begin(), seed.end());
    return std::mt19937_64(sequence);
  }();
  return generator;
}

}  // namespace

std::string NewRequestId() {
  std::mt19937_64& generator = ThreadGenerator();
  std::array<unsigned char, 16> bytes{};
  for (size_t i = 0; i < bytes.size(); i += 8) {
    uint64_t word = generator();
    for (size_t j = 0; j < 8; ++j) bytes[i + j] = static_cast<unsigned char>(word >> (8 * j));
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
