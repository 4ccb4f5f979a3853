// Makes a SQLite database's commits durable away from its writer.
//
// With synchronous=FULL, SQLite fsyncs the WAL inside COMMIT, on the one
// writer connection: for as long as the disk takes, no other transaction can
// run. The writer commits with synchronous=NORMAL instead (the WAL frames are
// written, not flushed) and, after handing the connection to the next batch,
// calls Flush(): fdatasync of the WAL file, which flushes every frame written
// to it before the call began, whichever descriptor wrote them (POSIX fsync
// acts on the file). No Write returns before the flush that covers its
// commit, so an acknowledged write is on disk exactly as with FULL.
//
// What changes: a reader may see a commit up to one flush before it is
// durable. A later write that acts on it is flushed after it (the WAL is
// written in order), so a power loss drops both or neither; only a read
// answered in that window (a GET) can describe a commit that is then lost.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace mg::store {

class SqliteWalSync {
 public:
  // For the database at `database_path`; its WAL is the "-wal" file next to
  // it, which SQLite creates with the first write and keeps while any
  // connection to the database is open.
  explicit SqliteWalSync(std::string database_path);
  ~SqliteWalSync();
  SqliteWalSync(const SqliteWalSync&) = delete;
  SqliteWalSync& operator=(const SqliteWalSync&) = delete;

  // Flushes what was written to the WAL before the call; call it after a
  // commit (the first one creates the file). A WAL that cannot be opened or
  // flushed leaves the commits' durability unknown (after a failed fsync the
  // kernel may drop the dirty pages and report success next time), so the
  // process stops, as PostgreSQL does: recovery from what is on disk is the
  // only safe next step, and nothing unflushed was acknowledged.
  void Flush();

  // Flushes completed by every SqliteWalSync of the process: tests check
  // with it that a Write returns only after one.
  static uint64_t FlushesCompleted();

 private:
  [[noreturn]] void Stop(const std::string& what) const;

  const std::string path_;
  std::once_flag opened_;
  int fd_ = -1;  // written once, under opened_
};

}  // namespace mg::store
