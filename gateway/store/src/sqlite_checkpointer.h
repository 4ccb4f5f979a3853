// Checkpoints the WAL of a SQLite database on a thread of its own.
//
// SQLite's own wal_autocheckpoint runs inside the commit of whichever
// transaction crossed the threshold: that commit (and, with group commit,
// every write queued behind it) waits while about a thousand pages are
// copied into the database file and the file is fsynced. Here the writer
// only signals after its commits; this thread copies while it goes on.
//
// A PASSIVE checkpoint cannot restart the WAL while the writer keeps
// appending (it restarts only when a write begins with every frame copied),
// so past kCatchUpFrames the writer checkpoints itself after its commit,
// as SQLite would: by then this thread has copied most of the frames, and
// the WAL stays bounded under any load.
//
// The thread is asked to copy once per kThresholdFrames the WAL has grown
// by, not after every commit past the threshold (as SQLite's own would):
// a copy takes each page once however many of the frames since the last
// copy hold it, and a purchase rewrites the same right-hand pages of a
// dozen tables and indexes. Asked after every commit, it copied those
// pages again after nearly every commit, flushing the WAL and the file
// whenever it copied any: 8,842 copies in 10 s of purchases at 1,000/s
// against 430 once per threshold, 2,670 fdatasync calls a second against
// 1,720 (docs/performance-storage.md). Only in the last quarter threshold before
// the writer's catch-up is it asked after every commit again, so that the
// catch-up, which every queued write waits for, finds little left to copy
// (its stalls: 187-206 ms in those 10 s -> 94-114 ms).
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "sqlite_connection.h"

namespace mg::store {

class SqliteCheckpointer {
 public:
  static constexpr int kThresholdFrames = 1000;  // SQLite's wal_autocheckpoint default
  static constexpr int kCatchUpFrames = 8 * kThresholdFrames;
  // From here to kCatchUpFrames the thread is asked after every commit.
  static constexpr int kFinalStretchFrames = kCatchUpFrames - kThresholdFrames / 4;

  // Whether a commit that leaves `wal_frames` in the WAL asks the thread to
  // copy, the last ask having been at `requested_at_frames` (0 after the
  // WAL restarted).
  static bool CopyDue(int wal_frames, int requested_at_frames);

  // Takes over the checkpoints of `writer`'s commits; `own` is a connection
  // to the same file for this thread alone.
  SqliteCheckpointer(SqliteConnection& writer, std::unique_ptr<SqliteConnection> own);
  // Gives the writer's commits back no checkpoints and stops the thread; a
  // checkpoint under way finishes first.
  ~SqliteCheckpointer();
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

  // The checkpoints this thread has run.
  int64_t checkpoints_run() const { return checkpoints_run_.load(); }

 private:
  void Committed(int wal_frames);
  void Run();

  SqliteConnection& writer_;
  const std::unique_ptr<SqliteConnection> own_;
  // The WAL's frames when the thread was last asked to copy; only the
  // writer's commits (one at a time) read and write it.
  int requested_at_frames_ = 0;
  std::atomic<int64_t> checkpoints_run_{0};
  std::mutex mu_;
  std::condition_variable wake_;
  bool requested_ = false;  // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  std::thread thread_;      // last: starts once the members above exist
};

}  // namespace mg::store
