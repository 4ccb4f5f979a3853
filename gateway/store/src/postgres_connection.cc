#include "postgres_connection.h"

#include <charconv>
#include <vector>

namespace mg::store {
namespace {

class PostgresRow : public SqlRow {
 public:
  PostgresRow(const PGresult* result, int row) : result_(result), row_(row) {}
  bool IsNull(int column) const override { return PQgetisnull(result_, row_, column) == 1; }
  int64_t Int(int column) const override {
    const std::string_view text = Text(column);
    int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }
  std::string_view Text(int column) const override {
    return std::string_view(PQgetvalue(result_, row_, column),
                            static_cast<size_t>(PQgetlength(result_, row_, column)));
  }

 private:
  const PGresult* result_;
  int row_;
};

std::string StatementHandle(Stmt stmt) { return "mg_" + std::string(StatementName(stmt)); }

// Parameters in libpq's text format: bound, never spliced into SQL.
struct TextParams {
  std::vector<std::string> storage;
  std::vector<const char*> values;
};

Result<TextParams> Bind(std::initializer_list<SqlParam> params) {
  TextParams out;
  out.storage.resize(params.size());
  out.values.assign(params.size(), nullptr);
  size_t i = 0;
  for (const SqlParam& param : params) {
    if (const auto* value = std::get_if<int64_t>(&param)) {
      out.storage[i] = std::to_string(*value);
      out.values[i] = out.storage[i].c_str();
    } else if (const auto* text = std::get_if<std::string_view>(&param)) {
      if (text->find('\0') != std::string_view::npos) {
        return InvalidArgument("text contains a NUL character");
      }
      out.storage[i].assign(*text);
      out.values[i] = out.storage[i].c_str();
    }
    ++i;
  }
  return out;
}

std::string Trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

Result<std::unique_ptr<PostgresConnection>> PostgresConnection::Connect(const std::string& dsn) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  if (conn == nullptr) return Status(ErrorCode::kUnavailable, "libpq could not allocate");
  std::unique_ptr<PostgresConnection> connection(new PostgresConnection(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    // libpq's text names host and port (never the password): for the log.
    return DatabaseError(ErrorCode::kUnavailable,
                         "cannot connect to PostgreSQL: " + Trimmed(PQerrorMessage(conn)));
  }
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    return Status(ErrorCode::kUnavailable, "PostgreSQL refused client encoding UTF8");
  }
  // Durable commits whatever the server's default: COMMIT returns only
  // after the WAL record is flushed.
  MG_RETURN_IF_ERROR(connection->ExecScript("SET synchronous_commit TO on"));
  return connection;
}

PostgresConnection::~PostgresConnection() { PQfinish(conn_); }

bool PostgresConnection::Reusable() const {
  return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE &&
         PQpipelineStatus(conn_) == PQ_PIPELINE_OFF;
}

bool PostgresConnection::InTransaction() const {
  if (!in_flight_.empty()) return true;  // BEGIN, at least, is on its way
  const PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

Status PostgresConnection::Error(const PGresult* result, std::string_view context) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  // libpq's text names hosts, users and row values: it goes to the log as
  // the status's internal detail, and clients see only the class of error.
  const std::string detail =
      "PostgreSQL " + std::string(context) + ": " +
      Trimmed(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  if (state == nullptr) return DatabaseError(ErrorCode::kUnavailable, detail);
  const std::string_view code(state);
  if (code == "40001" || code == "40P01") {
    retryable_ = true;
    return DatabaseError(ErrorCode::kUnavailable, detail);
  }
  if (code == "23505") return DatabaseError(ErrorCode::kConflict, detail);
  const std::string_view error_class = code.substr(0, 2);
  if (error_class == "23") return DatabaseError(ErrorCode::kFailedPrecondition, detail);
  if (error_class == "08" || error_class == "53" || error_class == "57" || code == "55P03") {
    return DatabaseError(ErrorCode::kUnavailable, detail);
  }
  return DatabaseError(ErrorCode::kInternal, detail);
}

Status PostgresConnection::Prepare(Stmt stmt) {
  bool& prepared = prepared_[static_cast<size_t>(stmt)];
  if (prepared) return Status::Ok();
  // PQprepare waits for its answer, which pipeline mode does not allow.
  MG_RETURN_IF_ERROR(Drain(nullptr));
  const std::string& sql = StatementSql(stmt, Dialect::kPostgres);
  ResultPtr result(PQprepare(conn_, StatementHandle(stmt).c_str(), sql.c_str(), 0, nullptr),
                   &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return Error(result.get(), "prepare " + std::string(StatementName(stmt)));
  }
  prepared = true;
  return Status::Ok();
}

Result<PostgresConnection::ResultPtr> PostgresConnection::Run(
    Stmt stmt, std::initializer_list<SqlParam> params) {
  MG_RETURN_IF_ERROR(Prepare(stmt));
  if (!in_flight_.empty()) {
    // Statements are queued: this one joins them, and one round trip
    // answers them all.
    MG_RETURN_IF_ERROR(Send(stmt, params));
    ResultPtr last(nullptr, &PQclear);
    MG_RETURN_IF_ERROR(Drain(&last));
    return last;
  }
  MG_ASSIGN_OR_RETURN(TextParams bound, Bind(params));
  ResultPtr result(
      PQexecPrepared(conn_, StatementHandle(stmt).c_str(), static_cast<int>(bound.values.size()),
                     bound.values.data(), nullptr, nullptr, 0),
      &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Error(result.get(), StatementName(stmt));
  }
  return result;
}

Status PostgresConnection::Send(Stmt stmt, std::initializer_list<SqlParam> params) {
  MG_ASSIGN_OR_RETURN(TextParams bound, Bind(params));
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn_) != 1) {
    return Error(nullptr, "entering pipeline mode");
  }
  // libpq copies the parameters into its output buffer here.
  if (PQsendQueryPrepared(conn_, StatementHandle(stmt).c_str(),
                          static_cast<int>(bound.values.size()), bound.values.data(), nullptr,
                          nullptr, 0) != 1) {
    return Error(nullptr, StatementName(stmt));
  }
  in_flight_.emplace_back(StatementName(stmt));
  return Status::Ok();
}

Status PostgresConnection::SendScript(const std::string& sql) {
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn_) != 1) {
    return Error(nullptr, "entering pipeline mode");
  }
  if (PQsendQueryParams(conn_, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
    return Error(nullptr, sql);
  }
  in_flight_.push_back(sql);
  return Status::Ok();
}

Status PostgresConnection::Drain(ResultPtr* last) {
  if (in_flight_.empty()) return Status::Ok();
  Status first;
  if (PQpipelineSync(conn_) != 1) {
    first = Error(nullptr, "pipeline sync");
  } else {
    // Each statement's answers end with a null; then comes the sync. After
    // a failure the server skips the rest (PGRES_PIPELINE_ABORTED). A lost
    // connection answers null for ever: the count of nulls bounds the loop.
    size_t index = 0;
    while (index <= in_flight_.size()) {
      ResultPtr result(PQgetResult(conn_), &PQclear);
      if (result == nullptr) {
        ++index;
        continue;
      }
      const ExecStatusType status = PQresultStatus(result.get());
      if (status == PGRES_PIPELINE_SYNC) break;
      if (status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR) {
        if (first.ok()) {
          first = Error(result.get(), index < in_flight_.size() ? in_flight_[index] : "pipeline");
        }
      } else if (status == PGRES_PIPELINE_ABORTED) {
        if (first.ok()) first = Error(result.get(), "pipeline aborted");
      } else if (last != nullptr && index + 1 == in_flight_.size()) {
        *last = std::move(result);
      }
    }
  }
  in_flight_.clear();
  if (PQexitPipelineMode(conn_) != 1 && first.ok()) first = Error(nullptr, "leaving pipeline mode");
  return first;
}

Status PostgresConnection::ExecDeferred(Stmt stmt, std::initializer_list<SqlParam> params) {
  MG_RETURN_IF_ERROR(Prepare(stmt));
  return Send(stmt, params);
}

Status PostgresConnection::Begin() { return SendScript("BEGIN"); }

Status PostgresConnection::Finish(bool commit) {
  const std::string sql = commit ? "COMMIT" : "ROLLBACK";
  if (in_flight_.empty()) return ExecScript(sql);
  MG_RETURN_IF_ERROR(SendScript(sql));
  return Drain(nullptr);
}

Result<int64_t> PostgresConnection::Exec(Stmt stmt, std::initializer_list<SqlParam> params) {
  MG_ASSIGN_OR_RETURN(ResultPtr result, Run(stmt, params));
  const std::string_view count = PQcmdTuples(result.get());
  int64_t changed = 0;
  std::from_chars(count.data(), count.data() + count.size(), changed);
  return changed;
}

Status PostgresConnection::Query(Stmt stmt, std::initializer_list<SqlParam> params,
                                 const RowCallback& on_row) {
  MG_ASSIGN_OR_RETURN(ResultPtr result, Run(stmt, params));
  const int rows = PQntuples(result.get());
  for (int row = 0; row < rows; ++row) {
    MG_RETURN_IF_ERROR(on_row(PostgresRow(result.get(), row)));
  }
  return Status::Ok();
}

Status PostgresConnection::ExecScript(std::string_view sql) {
  // A script may hold several statements, which pipeline mode refuses.
  MG_RETURN_IF_ERROR(Drain(nullptr));
  const std::string text(sql);
  ResultPtr result(PQexec(conn_, text.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Error(result.get(), "script");
  }
  return Status::Ok();
}

}  // namespace mg::store
