#include "gateway/http/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdlib>

#include "gateway/secret.h"

namespace mg::http {
namespace {

constexpr Scope kAllScopes[] = {Scope::kRead, Scope::kPurchases, Scope::kAds, Scope::kAdmin};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Status Unauthenticated(std::string message) {
  return Status(ErrorCode::kUnauthenticated, std::move(message));
}

// The token of "Bearer <token>" (scheme case-insensitive, RFC 7235), or "".
Secret BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size() || authorization[kScheme.size()] != ' ') return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    char c = authorization[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kScheme[i]) return {};
  }
  std::string_view token = authorization.substr(kScheme.size() + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return Secret(std::string(token));
}

}  // namespace

const char* ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kRead:
      return "read";
    case Scope::kPurchases:
      return "purchases";
    case Scope::kAds:
      return "ads";
    case Scope::kAdmin:
      return "admin";
  }
  return "read";
}

std::optional<Scope> ParseScope(std::string_view name) {
  for (Scope scope : kAllScopes) {
    if (name == ScopeName(scope)) return scope;
  }
  return std::nullopt;
}

std::vector<std::string> ScopeSet::Names() const {
  std::vector<std::string> names;
  for (Scope scope : kAllScopes) {
    if (Has(scope)) names.emplace_back(ScopeName(scope));
  }
  return names;
}

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 ||
      size != digest.size()) {
    // Only a broken OpenSSL installation gets here; authenticating with a
    // zero digest could let a request through, so stop.
    std::abort();
  }
  return digest;
}

std::string HexEncode(std::span<const unsigned char> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0f]);
  }
  return out;
}

std::optional<Sha256Digest> ParseSha256Hex(std::string_view hex) {
  Sha256Digest digest{};
  if (hex.size() != digest.size() * 2) return std::nullopt;
  for (size_t i = 0; i < digest.size(); ++i) {
    int high = HexValue(hex[2 * i]);
    int low = HexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    digest[i] = static_cast<unsigned char>(high << 4 | low);
  }
  return digest;
}

ApiKeyAuthenticator::ApiKeyAuthenticator(std::vector<ApiKey> keys) : keys_(std::move(keys)) {}

Result<const ApiKey*> ApiKeyAuthenticator::Authenticate(std::string_view authorization) const {
  if (authorization.empty())
    return Unauthenticated("missing API key: send Authorization: Bearer <key>");
  Secret token = BearerToken(authorization);
  if (token.empty())
    return Unauthenticated("malformed Authorization header: expected Bearer <key>");
  const Sha256Digest digest = Sha256(token.reveal());
  const ApiKey* match = nullptr;
  for (const ApiKey& key : keys_) {
    // Every digest is compared, whether or not an earlier one matched.
    bool equal = CRYPTO_memcmp(key.sha256.data(), digest.data(), digest.size()) == 0;
    if (equal && match == nullptr) match = &key;
  }
  if (match == nullptr) return Unauthenticated("invalid API key");
  return match;
}

Status ApiKeyAuthenticator::RequireScope(const ApiKey& key, Scope scope) {
  if (key.scopes.Has(scope)) return Status::Ok();
  return Status(ErrorCode::kPermissionDenied,
                "API key '" + key.name + "' lacks the '" + ScopeName(scope) + "' scope");
}

}  // namespace mg::http
