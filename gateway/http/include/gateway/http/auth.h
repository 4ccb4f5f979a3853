// API-key authentication: keys are presented as "Authorization: Bearer <key>";
// the configuration holds only the SHA-256 digest of each key, its name and
// its scopes, so a leaked config file leaks no key.
//
// Authenticate() hashes the presented token with SHA-256 (OpenSSL EVP) and
// compares the digest with every configured digest using CRYPTO_memcmp,
// without stopping at a match, so that timing reveals neither the key nor
// which key matched. The token itself is held as a Secret and never logged.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/crypto.h"
#include "base/secret.h"
#include "base/status.h"

namespace mg::http {

enum class Scope : uint8_t {
  kRead = 0,       // public market facts and catalogs
  kPurchases = 1,  // quotes, purchases, refunds
  kAds = 2,        // ad bookings
  kAdmin = 3,      // /admin/* (reload, config)
  kPayouts = 4,    // creators, their earnings and payouts
};

const char* ScopeName(Scope scope);  // "read", "purchases", "ads", "admin", "payouts"
std::optional<Scope> ParseScope(std::string_view name);

class ScopeSet {
 public:
  ScopeSet() = default;
  ScopeSet(std::initializer_list<Scope> scopes) {
    for (Scope scope : scopes) Add(scope);
  }
  void Add(Scope scope) { bits_ |= Bit(scope); }
  bool Has(Scope scope) const { return (bits_ & Bit(scope)) != 0; }
  std::vector<std::string> Names() const;

 private:
  static uint8_t Bit(Scope scope) {
    return static_cast<uint8_t>(1u << static_cast<uint8_t>(scope));
  }
  uint8_t bits_ = 0;
};

struct ApiKey {
  std::string name;  // for logs and metrics: "sandbox-purchases"
  Sha256Digest sha256{};
  ScopeSet scopes;
  // Who owns what the key creates (purchases, refunds, ad bookings): keys of
  // one account see each other's records, no other key does. Empty: the
  // key's name, an account of its own.
  std::string account{};

  const std::string& Account() const { return account.empty() ? name : account; }
};

// What one connection last authenticated. A later request on the same
// connection that presents the same Authorization value (compared in
// constant time) is the same key without hashing it again: SHA-256 was
// ~3,000 instructions of a catalog request's ~17,500 (route_bench,
// callgrind), and clients send one key per connection. The memo only ever
// holds what its own connection presented and proved, so matching it tells
// the client nothing it did not know. Owned by a session, never shared.
struct AuthMemo {
  Secret authorization;
  const ApiKey* key = nullptr;
};

// Immutable after construction; thread-safe.
class ApiKeyAuthenticator {
 public:
  explicit ApiKeyAuthenticator(std::vector<ApiKey> keys);

  // The key whose digest matches the bearer token in `authorization` (the
  // Authorization header's value). Errors (kUnauthenticated): no header,
  // another scheme, an empty token, an unknown key.
  // `memo` (null: none) is consulted first and holds the key found.
  Result<const ApiKey*> Authenticate(std::string_view authorization,
                                     AuthMemo* memo = nullptr) const;

  // kPermissionDenied naming the missing scope.
  static Status RequireScope(const ApiKey& key, Scope scope);

  const std::vector<ApiKey>& keys() const { return keys_; }

 private:
  std::vector<ApiKey> keys_;
};

}  // namespace mg::http
