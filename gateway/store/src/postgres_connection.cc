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
  return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
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

Result<PostgresConnection::ResultPtr> PostgresConnection::Run(
    Stmt stmt, std::initializer_list<SqlParam> params) {
  const std::string handle = StatementHandle(stmt);
  bool& prepared = prepared_[static_cast<size_t>(stmt)];
  if (!prepared) {
    const std::string& sql = StatementSql(stmt, Dialect::kPostgres);
    ResultPtr result(PQprepare(conn_, handle.c_str(), sql.c_str(), 0, nullptr), &PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return Error(result.get(), "prepare " + std::string(StatementName(stmt)));
    }
    prepared = true;
  }
  // Parameters travel in text format, bound, never spliced into SQL.
  std::vector<std::string> storage(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  size_t i = 0;
  for (const SqlParam& param : params) {
    if (const auto* value = std::get_if<int64_t>(&param)) {
      storage[i] = std::to_string(*value);
      values[i] = storage[i].c_str();
    } else if (const auto* text = std::get_if<std::string_view>(&param)) {
      if (text->find('\0') != std::string_view::npos) {
        return InvalidArgument("text contains a NUL character");
      }
      storage[i].assign(*text);
      values[i] = storage[i].c_str();
    }
    ++i;
  }
  ResultPtr result(PQexecPrepared(conn_, handle.c_str(), static_cast<int>(params.size()),
                                  values.data(), nullptr, nullptr, 0),
                   &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Error(result.get(), StatementName(stmt));
  }
  return result;
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
  const std::string text(sql);
  ResultPtr result(PQexec(conn_, text.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Error(result.get(), "script");
  }
  return Status::Ok();
}

}  // namespace mg::store
