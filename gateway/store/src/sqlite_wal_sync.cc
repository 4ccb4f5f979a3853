#include "sqlite_wal_sync.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "base/log.h"

namespace mg::store {
namespace {

std::atomic<uint64_t> g_flushes{0};

}  // namespace

SqliteWalSync::SqliteWalSync(std::string database_path) : path_(database_path + "-wal") {}

SqliteWalSync::~SqliteWalSync() {
  if (fd_ >= 0) ::close(fd_);
}

void SqliteWalSync::Flush() {
  std::call_once(opened_, [&] {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
    if (fd_ < 0) Stop("open");
  });
  int rc;
  do {
    rc = ::fdatasync(fd_);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) Stop("fdatasync");
  g_flushes.fetch_add(1, std::memory_order_release);
}

uint64_t SqliteWalSync::FlushesCompleted() { return g_flushes.load(std::memory_order_acquire); }

void SqliteWalSync::Stop(const std::string& what) const {
  Log(LogLevel::kError, what + " of the SQLite WAL " + path_ + " failed: " + std::strerror(errno) +
                            "; stopping: commits not known to be on disk are never acknowledged");
  std::abort();
}

}  // namespace mg::store
