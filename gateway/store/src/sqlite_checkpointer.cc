#include "sqlite_checkpointer.h"

namespace mg::store {

SqliteCheckpointer::SqliteCheckpointer(SqliteConnection& writer,
                                       std::unique_ptr<SqliteConnection> own)
    : writer_(writer), own_(std::move(own)), thread_([this] { Run(); }) {
  writer_.OnCommit([this](int wal_frames) { Committed(wal_frames); });
}

SqliteCheckpointer::~SqliteCheckpointer() {
  writer_.OnCommit({});
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

bool SqliteCheckpointer::CopyDue(int wal_frames, int requested_at_frames) {
  return wal_frames - requested_at_frames >= kThresholdFrames || wal_frames >= kFinalStretchFrames;
}

void SqliteCheckpointer::Committed(int wal_frames) {
  if (wal_frames >= kCatchUpFrames) {
    // Busy when this thread's checkpoint is running: the next commit tries
    // again. Any other failure leaves the frames in the WAL, where readers
    // and recovery find them, as SQLite's own checkpoints do.
    (void)writer_.CheckpointPassive();
    return;
  }
  if (wal_frames < requested_at_frames_) requested_at_frames_ = 0;  // the WAL restarted
  if (!CopyDue(wal_frames, requested_at_frames_)) return;
  requested_at_frames_ = wal_frames;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requested_ = true;
  }
  wake_.notify_one();
}

void SqliteCheckpointer::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return requested_ || stopping_; });
    if (stopping_) return;
    requested_ = false;
    lock.unlock();
    (void)own_->CheckpointPassive();
    ++checkpoints_run_;
    lock.lock();
  }
}

}  // namespace mg::store
