#include "sqlite_database.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "gateway/store/open_store.h"
#include "sqlite_checkpointer.h"
#include "sqlite_connection.h"
#include "sqlite_wal_sync.h"

namespace mg::store {
namespace {

using Control = SqliteConnection::Control;

class SqliteDatabase : public SqlDatabase {
 public:
  SqliteDatabase(std::unique_ptr<SqliteConnection> writer, const std::string& path,
                 std::unique_ptr<SqliteConnection> checkpointer,
                 std::vector<std::unique_ptr<SqliteConnection>> readers, int max_batch)
      : writer_(std::move(writer)),
        wal_sync_(path),
        checkpointer_(*writer_, std::move(checkpointer)),
        readers_(std::move(readers)),
        max_batch_(max_batch) {
    for (auto& reader : readers_) idle_readers_.push_back(reader.get());
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  Status Write(const TransactionBody& body) override;
  Status Read(const TransactionBody& body) override;

 private:
  // A caller of Write waiting for its body to be committed.
  struct PendingWrite {
    const TransactionBody* body;
    Status status;
    bool done = false;
    std::condition_variable cv;
  };

  // Runs the batch in one transaction; true when its COMMIT succeeded.
  bool CommitBatch(const std::vector<PendingWrite*>& batch);

  const std::unique_ptr<SqliteConnection> writer_;  // used by the leader only
  SqliteWalSync wal_sync_;                          // makes the writer's commits durable
  SqliteCheckpointer checkpointer_;                 // of the writer's commits
  const std::vector<std::unique_ptr<SqliteConnection>> readers_;
  const size_t max_batch_;

  std::mutex write_mu_;
  std::deque<PendingWrite*> pending_;  // guarded by write_mu_; the front leads

  std::mutex read_mu_;
  std::condition_variable reader_idle_;
  std::vector<SqliteConnection*> idle_readers_;  // guarded by read_mu_
};

// Group commit, as LevelDB's DBImpl::Write batches writers: the writer at
// the front of the queue becomes the leader and runs its body and those
// queued behind it, each inside its own savepoint, in ONE transaction. A
// body that fails rolls back to its savepoint alone. The leader hands the
// connection to the next leader before it flushes the WAL (sqlite_wal_sync.h),
// so the next batch runs while the disk works; nobody's Write returns before
// the flush that covers its commit, so callers see exactly the guarantees
// of one durable transaction per call.
Status SqliteDatabase::Write(const TransactionBody& body) {
  PendingWrite self;
  self.body = &body;
  std::unique_lock<std::mutex> lock(write_mu_);
  pending_.push_back(&self);
  while (!self.done && &self != pending_.front()) self.cv.wait(lock);
  if (self.done) return self.status;

  std::vector<PendingWrite*> batch;
  for (PendingWrite* write : pending_) {
    if (batch.size() == max_batch_) break;
    batch.push_back(write);
  }
  lock.unlock();
  const bool committed = CommitBatch(batch);
  lock.lock();
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(batch.size()));
  if (!pending_.empty()) pending_.front()->cv.notify_one();
  lock.unlock();
  if (committed) wal_sync_.Flush();
  lock.lock();
  for (PendingWrite* write : batch) {
    if (write == &self) continue;
    write->done = true;
    write->cv.notify_one();
  }
  return self.status;
}

bool SqliteDatabase::CommitBatch(const std::vector<PendingWrite*>& batch) {
  SqliteConnection& db = *writer_;
  if (Status begun = db.Run(Control::kBeginImmediate); !begun.ok()) {
    for (PendingWrite* write : batch) write->status = begun;
    return false;
  }
  // Set when the transaction as a whole is lost: nothing in it commits.
  Status lost;
  size_t ran = 0;
  for (; ran < batch.size() && lost.ok(); ++ran) {
    PendingWrite* write = batch[ran];
    Status status = db.Run(Control::kSavepoint);
    if (status.ok()) status = db.FinishBody((*write->body)(db));
    if (!db.InTransaction()) {
      lost =
          status.ok() ? Status(ErrorCode::kInternal, "SQLite ended a write transaction") : status;
      break;
    }
    if (status.ok()) {
      lost = db.Run(Control::kRelease);
    } else {
      lost = db.Run(Control::kRollbackTo);
      if (lost.ok()) lost = db.Run(Control::kRelease);
    }
    write->status = status;
  }
  if (lost.ok()) lost = db.Run(Control::kCommit);
  if (lost.ok()) return true;
  if (db.InTransaction()) (void)db.Run(Control::kRollback);
  for (size_t i = 0; i < batch.size(); ++i) {
    // Bodies that failed on their own keep their error; the rest share the loss.
    if (i >= ran || batch[i]->status.ok()) batch[i]->status = lost;
  }
  return false;
}

Status SqliteDatabase::Read(const TransactionBody& body) {
  SqliteConnection* reader = nullptr;
  {
    std::unique_lock<std::mutex> lock(read_mu_);
    reader_idle_.wait(lock, [&] { return !idle_readers_.empty(); });
    reader = idle_readers_.back();
    idle_readers_.pop_back();
  }
  Status status = body(*reader);
  {
    std::lock_guard<std::mutex> lock(read_mu_);
    idle_readers_.push_back(reader);
  }
  reader_idle_.notify_one();
  return status;
}

}  // namespace

Result<std::unique_ptr<SqlDatabase>> OpenSqliteDatabase(const SqliteConfig& config) {
  if (config.path.empty()) return InvalidArgument("SQLite path is empty", "store.sqlite.path");
  if (config.reader_connections < 1) {
    return InvalidArgument("need at least one reader connection",
                           "store.sqlite.reader_connections");
  }
  if (config.max_transactions_per_commit < 1) {
    return InvalidArgument("need at least one transaction per commit",
                           "store.sqlite.max_transactions_per_commit");
  }
  // The writer first: it creates the file and switches it to WAL.
  MG_ASSIGN_OR_RETURN(
      auto writer,
      SqliteConnection::Open(config.path, SqliteConnection::Mode::kWriter, config.busy_timeout));
  // The writer's commits write the WAL without flushing it; Write flushes
  // it outside the writer (sqlite_wal_sync.h).
  MG_RETURN_IF_ERROR(writer->ExecScript("PRAGMA synchronous = NORMAL"));
  // The checkpointer's, also a writer's: its checkpoints fsync the database
  // file as synchronous=FULL asks.
  MG_ASSIGN_OR_RETURN(
      auto checkpointer,
      SqliteConnection::Open(config.path, SqliteConnection::Mode::kWriter, config.busy_timeout));
  std::vector<std::unique_ptr<SqliteConnection>> readers;
  for (int i = 0; i < config.reader_connections; ++i) {
    MG_ASSIGN_OR_RETURN(
        auto reader,
        SqliteConnection::Open(config.path, SqliteConnection::Mode::kReader, config.busy_timeout));
    readers.push_back(std::move(reader));
  }
  return std::unique_ptr<SqlDatabase>(
      new SqliteDatabase(std::move(writer), config.path, std::move(checkpointer),
                         std::move(readers), config.max_transactions_per_commit));
}

}  // namespace mg::store
