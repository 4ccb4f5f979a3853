#include "gateway/http/auth.h"

#include "base/crypto.h"
#include "base/secret.h"

namespace mg::http {
namespace {

constexpr Scope kAllScopes[] = {Scope::kRead, Scope::kPurchases, Scope::kAds, Scope::kAdmin,
                                Scope::kPayouts};

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
    case Scope::kPayouts:
      return "payouts";
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

ApiKeyAuthenticator::ApiKeyAuthenticator(std::vector<ApiKey> keys) : keys_(std::move(keys)) {}

Result<const ApiKey*> ApiKeyAuthenticator::Authenticate(std::string_view authorization,
                                                        AuthMemo* memo) const {
  if (memo != nullptr && memo->key != nullptr &&
      ConstantTimeEquals(memo->authorization.reveal(), authorization)) {
    return memo->key;
  }
  if (authorization.empty())
    return Unauthenticated("missing API key: send Authorization: Bearer <key>");
  Secret token = BearerToken(authorization);
  if (token.empty())
    return Unauthenticated("malformed Authorization header: expected Bearer <key>");
  const Sha256Digest digest = Sha256(token.reveal());
  const ApiKey* match = nullptr;
  for (const ApiKey& key : keys_) {
    // Every digest is compared, whether or not an earlier one matched.
    bool equal = ConstantTimeEquals(key.sha256, digest);
    if (equal && match == nullptr) match = &key;
  }
  if (match == nullptr) return Unauthenticated("invalid API key");
  if (memo != nullptr) *memo = AuthMemo{Secret(std::string(authorization)), match};
  return match;
}

Status ApiKeyAuthenticator::RequireScope(const ApiKey& key, Scope scope) {
  if (key.scopes.Has(scope)) return Status::Ok();
  return Status(ErrorCode::kPermissionDenied,
                "API key '" + key.name + "' lacks the '" + ScopeName(scope) + "' scope");
}

}  // namespace mg::http
