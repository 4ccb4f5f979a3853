#include "sessions.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>

#include "base/crypto.h"

namespace mg::console {

Result<std::string> RandomToken() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return Status(ErrorCode::kInternal, "no random bytes for a console token");
  }
  return HexEncode(bytes);
}

SessionStore::SessionStore(std::chrono::seconds idle_timeout, std::chrono::seconds max_age,
                           size_t capacity)
    : idle_timeout_(idle_timeout), max_age_(max_age), capacity_(std::max<size_t>(capacity, 1)) {}

std::string SessionStore::Digest(std::string_view id) {
  const Sha256Digest digest = Sha256(id);
  return HexEncode(digest);
}

bool SessionStore::Expired(const Session& session, TimePoint now) const {
  return now - session.last_seen > idle_timeout_ || now - session.created > max_age_;
}

Result<Session> SessionStore::Create(std::string key_name, TimePoint now) {
  Session session;
  MG_ASSIGN_OR_RETURN(session.id, RandomToken());
  MG_ASSIGN_OR_RETURN(session.csrf, RandomToken());
  session.key_name = std::move(key_name);
  session.created = session.last_seen = now;
  std::lock_guard lock(mu_);
  std::erase_if(sessions_, [&](const auto& entry) { return Expired(entry.second, now); });
  if (sessions_.size() >= capacity_) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](auto& a, auto& b) {
      return a.second.last_seen < b.second.last_seen;
    });
    sessions_.erase(oldest);
  }
  sessions_.emplace(Digest(session.id), session);
  return session;
}

std::optional<Session> SessionStore::Find(std::string_view id, TimePoint now) {
  const std::string digest = Digest(id);
  std::lock_guard lock(mu_);
  auto found = sessions_.find(digest);
  if (found == sessions_.end()) return std::nullopt;
  if (Expired(found->second, now)) {
    sessions_.erase(found);
    return std::nullopt;
  }
  found->second.last_seen = now;
  return found->second;
}

void SessionStore::Remove(std::string_view id) {
  const std::string digest = Digest(id);
  std::lock_guard lock(mu_);
  sessions_.erase(digest);
}

}  // namespace mg::console
