#include "yaml_prefetch.h"

#include <algorithm>

#include "base/yaml_reader.h"

namespace mg::regions::internal {

YamlPrefetch::YamlPrefetch(const std::vector<std::unique_ptr<std::string>>& files, size_t window)
    : files_(files), window_(std::max<size_t>(window, 1)), slots_(files.size()) {
  // One helper per core beyond the caller's, and none for a handful of files,
  // where starting a thread costs more than it saves.
  const size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t helpers = std::min(cores - 1, files.size() / 16);
  released_.resize(helpers);
  for (size_t h = 0; h < helpers; ++h) helpers_.emplace_back([this, h] { HelperLoop(h); });
}

YamlPrefetch::~YamlPrefetch() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (std::thread& helper : helpers_) helper.join();
}

bool YamlPrefetch::ParseNext(std::unique_lock<std::mutex>& lock, size_t parser) {
  if (stopping_ || next_ >= slots_.size() || next_ >= taken_ + window_) return false;
  const size_t index = next_++;
  most_ahead_ = std::max(most_ahead_, next_ - taken_);
  lock.unlock();
  // Only the claimer touches a slot until it is marked ready.
  YamlDocument& document = slots_[index].document;
  document.root = LoadYamlFile(*files_[index], document.errors);
  lock.lock();
  slots_[index].parser = parser;
  slots_[index].ready = true;
  changed_.notify_all();
  return true;
}

void YamlPrefetch::HelperLoop(size_t helper) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!released_[helper].empty()) {
      std::vector<YAML::Node> trees = std::move(released_[helper]);
      released_[helper].clear();
      lock.unlock();
      trees.clear();
      lock.lock();
      continue;
    }
    // Helpers outlive the parsing: the last trees come back after it.
    if (stopping_) return;
    if (!ParseNext(lock, helper)) changed_.wait(lock);
  }
}

YamlDocument YamlPrefetch::Take(size_t index) {
  std::unique_lock lock(mutex_);
  while (!slots_[index].ready) {
    // Waiting for a helper's document: parse one of the next ones meanwhile.
    if (!ParseNext(lock, kCaller)) changed_.wait(lock);
  }
  Slot& slot = slots_[index];
  YamlDocument document{std::move(slot.document.root), std::move(slot.document.errors)};
  slot.document.root.reset();  // yaml-cpp nodes copy on move: keep no second reference
  taken_ = index + 1;
  changed_.notify_all();  // the window moved: a helper may claim again
  return document;
}

void YamlPrefetch::Release(size_t index, std::optional<YAML::Node> root) {
  std::unique_lock lock(mutex_);
  const size_t parser = slots_[index].parser;
  if (!root || parser == kCaller) {
    lock.unlock();
    return;  // `root` is freed here, on the thread that parsed it
  }
  released_[parser].push_back(std::move(*root));
  root.reset();
  changed_.notify_all();
}

size_t YamlPrefetch::most_ahead() const {
  std::lock_guard lock(mutex_);
  return most_ahead_;
}

}  // namespace mg::regions::internal
