// The console's sessions, held in this process: a login creates one, its
// cookie carries only its random id. Several gateway instances behind one
// address each hold their own (the operator logs in again on another).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace mg::console {

using TimePoint = std::chrono::system_clock::time_point;

// 32 random bytes from OpenSSL, hex: a session id or a CSRF token.
Result<std::string> RandomToken();

struct Session {
  std::string id;
  std::string csrf;      // the token every state-changing form must carry
  std::string key_name;  // the admin key that logged in
  TimePoint created;
  TimePoint last_seen;
};

// Thread-safe.
class SessionStore {
 public:
  SessionStore(std::chrono::seconds idle_timeout, std::chrono::seconds max_age,
               size_t capacity = 1000);

  // A new session for `key_name`; the oldest is dropped when full.
  Result<Session> Create(std::string key_name, TimePoint now);
  // The live session with `id`, its last use set to `now`; nullopt for an
  // unknown or expired one (an expired one is dropped).
  std::optional<Session> Find(std::string_view id, TimePoint now);
  void Remove(std::string_view id);

 private:
  // Sessions by the SHA-256 of their id: looking one up compares digests,
  // so its timing says nothing of a valid id.
  static std::string Digest(std::string_view id);
  bool Expired(const Session& session, TimePoint now) const;

  const std::chrono::seconds idle_timeout_;
  const std::chrono::seconds max_age_;
  const size_t capacity_;
  std::mutex mu_;
  std::map<std::string, Session, std::less<>> sessions_;
};

}  // namespace mg::console
