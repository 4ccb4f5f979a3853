// `marketgate audit` (gateway/cli/src/audit_command.cc) in process, on a
// SQLite store written here: usage, the store read over a time range, and
// providers whose records cannot be read named as not checked. The
// comparison itself is tests/gateway/audit; the audit against the sandbox's
// ledger under faults is tests/gateway/system/soak_test.py.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <sstream>

#include "gateway/cli/command_line.h"
#include "gateway/store/open_store.h"
#include "gateway/store/store.h"
#include "regions_fixture.h"

namespace mg::cli {
int RunAudit(std::span<const std::string> args, CommandIo io);

namespace {

using regions::testing::TempRegionsDir;

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

Outcome Audit(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = RunAudit(args, CommandIo{out, err});
  return Outcome{code, out.str(), err.str()};
}

class AuditCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("store.db");
    dir_.Write("gateway.yaml",
               "listen: 127.0.0.1:0\nregions_dir: " + regions::testing::ShippedRegionsDir() +
                   "\nstore: {driver: sqlite, path: " + db_ +
                   // The test ranges lie years back: keep events that long.
                   ", retention: {delivered_events_days: 3660}}\napi_keys: []\n"
                   "providers:\n  stripe: {kind: sandbox}\n");
    store::StoreConfig config;
    config.sqlite.path = db_;
    store_ = store::OpenStore(config).value();
  }

  // A purchase at the in-process sandbox named `stripe`, created at `at_s`.
  void Purchase(int64_t at_s, store::PurchaseState state, int64_t coins = 0) {
    store::Purchase p;
    store::Effects effects;
    if (state == store::PurchaseState::kSucceeded) {
      // Settled as the gateway settles: captured, its coins credited once.
      p.id = "pur_" + std::string(20, '0') + std::to_string(1000 + at_s % 1000);  // 24 digits
      p.captured_minor = 499;
      effects = store::Effects::Emitting({"purchase.succeeded", R"({"id": ")" + p.id + R"("})"});
    }
    p.market = "DE";
    p.customer_id = "c_1";
    p.items_json = "[]";
    p.quote_json = "{}";
    p.currency = "EUR";
    p.subtotal_minor = p.total_minor = 499;
    p.payment_method = "card";
    p.provider = "stripe";
    p.state = state;
    p.coins = coins;
    p.created_at_ms = p.updated_at_ms = at_s * 1000;
    ASSERT_TRUE(store_->CreatePurchase(p, effects).ok());
  }

  TempRegionsDir dir_;
  std::string db_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(AuditCommandTest, Usage) {
  EXPECT_EQ(Audit({}).exit_code, kExitUsage);
  EXPECT_EQ(Audit({"--config", dir_.File("gateway.yaml"), "--from", "yesterday"}).exit_code,
            kExitUsage);
  EXPECT_EQ(
      Audit({"--config", dir_.File("gateway.yaml"), "--from", "200", "--to", "100"}).exit_code,
      kExitUsage);
  EXPECT_EQ(Audit({"--config", dir_.File("gateway.yaml"), "--format", "xml"}).exit_code,
            kExitUsage);
  Outcome help = Audit({"--help"});
  EXPECT_EQ(help.exit_code, kExitOk);
  EXPECT_NE(help.out.find("charge_without_purchase"), std::string::npos);
}

TEST_F(AuditCommandTest, ARangeOlderThanTheEventsKeptIsRefused) {
  dir_.Write("short.yaml",
             "listen: 127.0.0.1:0\nregions_dir: " + regions::testing::ShippedRegionsDir() +
                 "\nstore: {driver: sqlite, path: " + db_ +
                 ", retention: {delivered_events_days: 7}}\napi_keys: []\n"
                 "providers:\n  stripe: {kind: sandbox}\n");
  const int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  Outcome old = Audit({"--config", dir_.File("short.yaml"), "--from",
                       std::to_string(now_s - 8 * 86400), "--format", "json"});
  EXPECT_EQ(old.exit_code, kExitFailed);
  EXPECT_NE(old.err.find("delivered_events_days: 7"), std::string::npos) << old.err;
  Outcome recent = Audit({"--config", dir_.File("short.yaml"), "--from",
                          std::to_string(now_s - 6 * 86400), "--format", "json"});
  EXPECT_EQ(recent.exit_code, kExitOk) << recent.err;
}

TEST_F(AuditCommandTest, ReadsTheRangeAndNamesWhatItCouldNotCheck) {
  Purchase(1'700'000'000, store::PurchaseState::kFailed);
  Purchase(1'700'000'100, store::PurchaseState::kFailed);
  Purchase(1'800'000'000, store::PurchaseState::kFailed);  // after the range
  Outcome run = Audit({"--config", dir_.File("gateway.yaml"), "--from", "2023-11-14T22:13:20Z",
                       "--to", "1700000200", "--format", "json"});
  EXPECT_EQ(run.exit_code, kExitOk) << run.out << run.err;
  boost::json::object report = boost::json::parse(run.out).as_object();
  EXPECT_EQ(report["from"].as_int64(), 1'700'000'000'000);
  EXPECT_EQ(report["purchases"].as_int64(), 2);
  EXPECT_EQ(report["purchases_unchecked"].as_int64(), 2);
  EXPECT_TRUE(report["drift"].as_array().empty());
  EXPECT_EQ(report["providers"].at("unchecked").at("stripe").as_string(),
            "provider 'stripe' offers no list of its payments");
}

TEST_F(AuditCommandTest, APurchaseLeftOpenIsDriftAndFailsTheAudit) {
  Purchase(1'700'000'000, store::PurchaseState::kPending);
  Outcome run =
      Audit({"--config", dir_.File("gateway.yaml"), "--from", "1700000000", "--to", "1700000200"});
  EXPECT_EQ(run.exit_code, kExitFailed);
  EXPECT_NE(run.out.find("drift not_final purchase=pur_"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("purchase still pending"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1 purchases (0 checked, 1 at providers not read), 0 provider charges, "
                         "1 drift"),
            std::string::npos)
      << run.out;
}

// The ledger is part of every audit: its check in the report, and a balance
// changed around the store is drift that fails the audit.
TEST_F(AuditCommandTest, TheLedgerIsCheckedAndItsDriftFailsTheAudit) {
  Purchase(1'700'000'000, store::PurchaseState::kSucceeded, 70);
  const std::vector<std::string> args = {"--config", dir_.File("gateway.yaml"),
                                         "--from",   "1700000000",
                                         "--to",     "1700000200",
                                         "--format", "json"};
  Outcome clean = Audit(args);
  boost::json::object report = boost::json::parse(clean.out).as_object();
  EXPECT_TRUE(report["drift"].as_array().empty()) << clean.out;
  EXPECT_EQ(report["ledger"].at("journals").as_int64(), 1);
  EXPECT_TRUE(report["ledger"].at("consistent").as_bool());

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE ledger_balances SET balance = balance + 1 "
                         "WHERE account = 'wallet:/c_1'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Outcome drifted = Audit(args);
  EXPECT_EQ(drifted.exit_code, kExitFailed);
  report = boost::json::parse(drifted.out).as_object();
  // Off from its entries, and from its coin lot.
  ASSERT_EQ(report["drift"].as_array().size(), 2u) << drifted.out;
  EXPECT_EQ(report["drift"].as_array()[0].at("kind").as_string(), "ledger_balance_drift");
  EXPECT_EQ(report["drift"].as_array()[0].at("detail").as_string(),
            "wallet:/c_1 holds 71 coin but its entries add up to 70");
  EXPECT_EQ(report["drift"].as_array()[1].at("kind").as_string(), "ledger_lots_mismatch");
  EXPECT_EQ(report["drift"].as_array()[1].at("detail").as_string(),
            "wallet:/c_1 holds 71 coins but its coin lots hold 70");
  EXPECT_FALSE(report["ledger"].at("consistent").as_bool());
}

}  // namespace
}  // namespace mg::cli
