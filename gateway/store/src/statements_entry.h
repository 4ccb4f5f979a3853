// The statement table's entries (statements.cc), shared by the files that
// declare statements of one area (statements_commerce.cc). Internal to the
// store.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "statements.h"

namespace mg::store::statements_internal {

struct Entry {
  Stmt stmt;
  std::string_view name;
  std::string sqlite;
  std::string postgres;  // with ? markers, numbered when the table is built
};

inline std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out.append(part);
  return out;
}

inline std::string ParameterMarkers(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out.append(i == 0 ? "?" : ", ?");
  return out;
}

inline Entry Same(Stmt stmt, std::string_view name, std::string sql) {
  return {stmt, name, sql, sql};
}

// Reads a row the transaction is about to change. SQLite's write
// transactions are serialized (BEGIN IMMEDIATE), so only PostgreSQL needs
// the row lock.
inline Entry Locking(Stmt stmt, std::string_view name, std::string sql) {
  return {stmt, name, sql, sql + " FOR UPDATE"};
}

inline Entry PostgresOnly(Stmt stmt, std::string_view name, std::string sql) {
  return {stmt, name, "", sql};
}

// The statements of orders (statements_commerce.cc).
std::vector<Entry> CommerceEntries();

}  // namespace mg::store::statements_internal
