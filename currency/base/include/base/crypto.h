// The one place for hashing, message authentication and their encodings,
// all over OpenSSL 3 (EVP, HMAC, CRYPTO_memcmp): API-key digests, webhook
// signatures (ours and the providers'), request fingerprints, provider
// idempotency keys and the ids the store hands out.
//
//   Sha256Digest digest = Sha256(token.reveal());
//   std::string signature = HexEncode(HmacSha256(secret.reveal(), signed_text));
//   if (!ConstantTimeEquals(expected, presented)) return Unauthenticated(...);
//
// Thread-safe: every function is pure.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mg {

using Sha256Digest = std::array<unsigned char, 32>;

// SHA-256 of `data`. Aborts when OpenSSL fails, which only a broken
// installation does: a zero digest could let a request through.
Sha256Digest Sha256(std::string_view data);

// SHA-256 over several pieces, for data too large or too scattered to join.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  Sha256Hasher& Update(std::string_view data);
  // REQUIRES: called once; the hasher is spent afterwards.
  Sha256Digest Finish();

 private:
  struct Context;
  Context* context_;
};

// HMAC-SHA256 of `data` with `key`: the raw 32 bytes.
std::string HmacSha256(std::string_view key, std::string_view data);

// Lower-case hex.
std::string HexEncode(std::string_view bytes);
std::string HexEncode(std::span<const unsigned char> bytes);
// Appends the lower-case hex of `bytes` to `out`.
void AppendHex(std::span<const unsigned char> bytes, std::string& out);
// Either case; nullopt on an odd length or a non-hex digit.
std::optional<std::string> HexDecode(std::string_view hex);
// Exactly 64 hex digits (either case); nullopt otherwise.
std::optional<Sha256Digest> ParseSha256Hex(std::string_view hex);

// Standard Base64 with padding (RFC 4648 section 4).
std::string Base64Encode(std::string_view bytes);

// Equality that takes the same time wherever the inputs differ
// (CRYPTO_memcmp). Inputs of different lengths are unequal; their lengths
// are not secret.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
bool ConstantTimeEquals(std::span<const unsigned char> a, std::span<const unsigned char> b);

}  // namespace mg
