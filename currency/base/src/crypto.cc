#include "base/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

namespace mg {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::span<const unsigned char> AsBytes(std::string_view text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

// SHA-256 fetched from OpenSSL's providers once. A digest through
// EVP_sha256() fetches it again on every call, and EVP_Digest allocates a
// context each time: together two thirds of hashing an API key, which every
// authenticated request does (route_bench, callgrind).
const EVP_MD* FetchedSha256() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) std::abort();
    return fetched;
  }();
  return md;
}

// One digest context per thread, reset by each use.
EVP_MD_CTX* ThreadDigestContext() {
  struct Owned {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    ~Owned() { EVP_MD_CTX_free(context); }
  };
  thread_local Owned owned;
  if (owned.context == nullptr) std::abort();
  return owned.context;
}

}  // namespace

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest digest{};
  unsigned int size = 0;
  EVP_MD_CTX* context = ThreadDigestContext();
  if (EVP_DigestInit_ex2(context, FetchedSha256(), nullptr) != 1 ||
      EVP_DigestUpdate(context, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context, digest.data(), &size) != 1 || size != digest.size()) {
    std::abort();
  }
  return digest;
}

struct Sha256Hasher::Context {
  EVP_MD_CTX* md = nullptr;
};

Sha256Hasher::Sha256Hasher() : context_(new Context{EVP_MD_CTX_new()}) {
  if (context_->md == nullptr || EVP_DigestInit_ex2(context_->md, FetchedSha256(), nullptr) != 1) {
    std::abort();
  }
}

Sha256Hasher::~Sha256Hasher() {
  EVP_MD_CTX_free(context_->md);
  delete context_;
}

Sha256Hasher& Sha256Hasher::Update(std::string_view data) {
  if (EVP_DigestUpdate(context_->md, data.data(), data.size()) != 1) std::abort();
  return *this;
}

Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(context_->md, digest.data(), &size) != 1 || size != digest.size()) {
    std::abort();
  }
  return digest;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
           &size) == nullptr) {
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(out), size);
}

void AppendHex(std::span<const unsigned char> bytes, std::string& out) {
  // Sized once and written in place: push_back per digit made a 16-byte
  // request id ~600 instructions, this ~330 with its allocation (callgrind
  // of bench/ceiling_server).
  const size_t start = out.size();
  out.resize(start + bytes.size() * 2);
  char* digit = out.data() + start;
  for (unsigned char byte : bytes) {
    *digit++ = kHexDigits[byte >> 4];
    *digit++ = kHexDigits[byte & 0x0f];
  }
}

std::string HexEncode(std::span<const unsigned char> bytes) {
  std::string out;
  AppendHex(bytes, out);
  return out;
}

std::string HexEncode(std::string_view bytes) { return HexEncode(AsBytes(bytes)); }

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int high = HexValue(hex[i]);
    int low = HexValue(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high << 4 | low));
  }
  return out;
}

std::optional<Sha256Digest> ParseSha256Hex(std::string_view hex) {
  Sha256Digest digest{};
  if (hex.size() != digest.size() * 2) return std::nullopt;
  std::optional<std::string> bytes = HexDecode(hex);
  if (!bytes) return std::nullopt;
  for (size_t i = 0; i < digest.size(); ++i) digest[i] = static_cast<unsigned char>((*bytes)[i]);
  return digest;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int size = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                             reinterpret_cast<const unsigned char*>(bytes.data()),
                             static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(size));
  return out;
}

bool ConstantTimeEquals(std::span<const unsigned char> a, std::span<const unsigned char> b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return ConstantTimeEquals(AsBytes(a), AsBytes(b));
}

}  // namespace mg
