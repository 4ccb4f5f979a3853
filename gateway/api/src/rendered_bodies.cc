#include "rendered_bodies.h"

#include <mutex>

namespace mg::api {

RenderedBodies::Body RenderedBodies::Get(uint64_t version, const std::string& key,
                                         const std::function<std::string()>& render) {
  {
    std::shared_lock lock(mutex_);
    if (version == version_) {
      auto found = bodies_.find(key);
      if (found != bodies_.end()) return found->second;
    } else if (version < version_) {
      lock.unlock();
      return std::make_shared<const std::string>(render());
    }
  }
  // Rendered outside the lock: two threads may both render a missing body;
  // the first one stored wins and both answers are the same.
  Body body = std::make_shared<const std::string>(render());
  std::unique_lock lock(mutex_);
  if (version > version_) {
    version_ = version;
    bodies_.clear();
  }
  if (version == version_) return bodies_.try_emplace(key, body).first->second;
  return body;
}

}  // namespace mg::api
