// `marketgate validate` and `marketgate diff` (gateway/cli/src/validate_command.cc,
// diff_command.cc), run in-process with captured output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <sstream>

#include "gateway/cli/command_line.h"
#include "regions_fixture.h"

namespace mg::cli {
int RunValidate(std::span<const std::string> args, CommandIo io);
int RunDiff(std::span<const std::string> args, CommandIo io);
int RunCompliance(std::span<const std::string> args, CommandIo io);

namespace {

using regions::testing::Replace;
using regions::testing::TempRegionsDir;
using ::testing::HasSubstr;

// Market files (XX.yaml, not XX.cases.yaml) shipped in regions/markets.
int ShippedMarketCount() {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(regions::testing::ShippedRegionsDir()) / "markets")) {
    std::string name = entry.path().filename().string();
    count += name.size() == 7 && name.ends_with(".yaml") ? 1 : 0;
  }
  return count;
}

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

Outcome Invoke(int (*command)(std::span<const std::string>, CommandIo),
               std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = command(args, CommandIo{out, err});
  return Outcome{code, out.str(), err.str()};
}

void WriteBroken(const TempRegionsDir& dir) {
  regions::testing::WriteValidFixture(dir);
  dir.Write("markets/DE.yaml",
            Replace(regions::testing::kFixtureMarket, "currency: EUR", "currency: EUX"));
  dir.Write("markets/FR.yaml",
            Replace(Replace(regions::testing::kFixtureMarket, "market: DE", "market: FR"),
                    "rate: \"19\"", "rate: \"19.12345\""));
}

TEST(ValidateCommandTest, ValidDirectory) {
  TempRegionsDir dir;
  regions::testing::WriteValidFixture(dir);
  Outcome run = Invoke(RunValidate, {dir.path()});
  EXPECT_EQ(run.exit_code, kExitOk);
  EXPECT_EQ(run.out, dir.path() + ": 1 market valid\n");
}

TEST(ValidateCommandTest, ReportsEveryErrorWithASummary) {
  TempRegionsDir dir;
  WriteBroken(dir);
  Outcome run = Invoke(RunValidate, {dir.path()});
  EXPECT_EQ(run.exit_code, kExitFailed);
  EXPECT_EQ(run.out, dir.File("markets/DE.yaml") +
                         ":7:11: currency: unknown currency 'EUX' (not an ISO 4217 code known to "
                         "ICU)\n" +
                         dir.File("markets/FR.yaml") +
                         ":14:31: tax.classes.virtual_currency[0].rate: rate '19.12345' has more "
                         "than 4 decimals\n" +
                         dir.path() + ": 2 errors in 2 files\n");
}

TEST(ValidateCommandTest, JsonFormat) {
  TempRegionsDir dir;
  WriteBroken(dir);
  Outcome run = Invoke(RunValidate, {"--format", "json", dir.path()});
  EXPECT_EQ(run.exit_code, kExitFailed);
  boost::json::value parsed = boost::json::parse(run.out);
  ASSERT_TRUE(parsed.is_array());
  ASSERT_EQ(parsed.as_array().size(), 2u);
  const boost::json::object& first = parsed.as_array()[0].as_object();
  EXPECT_EQ(first.at("file").as_string(), dir.File("markets/DE.yaml"));
  EXPECT_EQ(first.at("line").as_int64(), 7);
  EXPECT_EQ(first.at("column").as_int64(), 11);
  EXPECT_EQ(first.at("path").as_string(), "currency");

  TempRegionsDir valid;
  regions::testing::WriteValidFixture(valid);
  Outcome ok = Invoke(RunValidate, {"--format=json", valid.path()});
  EXPECT_EQ(ok.exit_code, kExitOk);
  EXPECT_EQ(ok.out, "[]\n");
}

TEST(ValidateCommandTest, Usage) {
  EXPECT_EQ(Invoke(RunValidate, {"--format", "xml"}).exit_code, kExitUsage);
  EXPECT_EQ(Invoke(RunValidate, {"a", "b"}).exit_code, kExitUsage);
  EXPECT_EQ(Invoke(RunValidate, {"--bogus"}).exit_code, kExitUsage);
  Outcome help = Invoke(RunValidate, {"--help"});
  EXPECT_EQ(help.exit_code, kExitOk);
  EXPECT_THAT(help.out, HasSubstr("Usage: marketgate validate"));
  EXPECT_EQ(Invoke(RunValidate, {"/nonexistent"}).exit_code, kExitFailed);
}

TEST(ValidateCommandTest, ShippedRegionsAreValid) {
  Outcome run = Invoke(RunValidate, {regions::testing::ShippedRegionsDir()});
  EXPECT_EQ(run.exit_code, kExitOk) << run.out;
  EXPECT_THAT(run.out, HasSubstr("markets valid"));
}

// With --config, the gateway config and its providers are checked too: each
// instance against its kind, each provider the markets route to against the
// kinds and the instances.
TEST(ValidateCommandTest, WithAConfigChecksItsProviders) {
  const std::string shipped = regions::testing::ShippedRegionsDir();
  TempRegionsDir dir;
  dir.Write("gateway.yaml",
            "listen: 127.0.0.1:0\nregions_dir: " + shipped +
                "\nstore: {driver: sqlite, path: store.db}\napi_keys: []\nproviders:\n"
                "  adyen:\n    settings: {merchant_account: Shop}\n"
                "  stripe:\n    secrets: {hmac_key: \"00\"}\n");
  Outcome run = Invoke(RunValidate, {"--config", dir.File("gateway.yaml")});
  EXPECT_EQ(run.exit_code, kExitFailed);
  EXPECT_EQ(run.out, dir.File("gateway.yaml") +
                         ":9:25: providers.stripe.secrets.hmac_key: provider 'stripe': unknown "
                         "secret 'hmac_key' (known: connect_webhook_secret, webhook_secret)\n" +
                         shipped + ": 1 error in 1 file\n");

  // No provider at all: no live market can take a payment.
  dir.Write("gateway.yaml", "listen: 127.0.0.1:0\nregions_dir: " + shipped +
                                "\nstore: {driver: sqlite, path: store.db}\napi_keys: []\n");
  Outcome none = Invoke(RunValidate, {"--config", dir.File("gateway.yaml")});
  EXPECT_EQ(none.exit_code, kExitFailed);
  EXPECT_NE(none.out.find(shipped + "/markets/DE.yaml: payment_methods: live market DE cannot "
                                    "take payments"),
            std::string::npos)
      << none.out;
  EXPECT_NE(none.err.find("warning: DE: payment method 'card' is unavailable"), std::string::npos)
      << none.err;

  // Only Stripe (the in-process sandbox by name): cards work everywhere; the
  // local methods only Adyen or Pix take are unavailable, each with a warning.
  dir.Write("gateway.yaml", "listen: 127.0.0.1:0\nregions_dir: " + shipped +
                                "\nstore: {driver: sqlite, path: store.db}\napi_keys: []\n"
                                "providers:\n  stripe: {kind: sandbox}\n");
  Outcome partial = Invoke(RunValidate, {"--config", dir.File("gateway.yaml")});
  EXPECT_EQ(partial.exit_code, kExitOk) << partial.out;
  EXPECT_NE(partial.err.find("warning: NL: payment method 'ideal' is unavailable: no payment "
                             "provider is configured for it here (it routes to adyen)"),
            std::string::npos)
      << partial.err;
  EXPECT_EQ(partial.err.find("'card'"), std::string::npos) << partial.err;

  dir.Write("gateway.yaml", "listen: 127.0.0.1:0\nregions_dir: " + shipped +
                                "\nstore: {driver: sqlite, path: store.db}\napi_keys: []\n"
                                "providers:\n  stripe: {kind: sandbox}\n  adyen: {kind: sandbox}\n"
                                "  pix: {kind: sandbox}\n");
  Outcome valid = Invoke(RunValidate, {"--config", dir.File("gateway.yaml")});
  EXPECT_EQ(valid.exit_code, kExitOk) << valid.out;
  EXPECT_EQ(valid.err, "");
  EXPECT_EQ(valid.out, shipped + ": " + std::to_string(ShippedMarketCount()) +
                           " markets valid, their providers and " + dir.File("gateway.yaml") +
                           " agree\n");

  dir.Write("gateway.yaml", "listen: nowhere\n");
  Outcome broken = Invoke(RunValidate, {"--config", dir.File("gateway.yaml"), shipped});
  EXPECT_EQ(broken.exit_code, kExitFailed);
  EXPECT_NE(broken.out.find(dir.File("gateway.yaml") + ":1:9: listen:"), std::string::npos)
      << broken.out;
}

TEST(DiffCommandTest, ChangedPriceShowsFormattedAmounts) {
  TempRegionsDir before, after;
  regions::testing::WriteValidFixture(before);
  regions::testing::WriteValidFixture(after);
  after.Write("markets/DE.yaml",
              Replace(regions::testing::kFixtureMarket, "price: \"0.99\"", "price: \"1.09\""));
  Outcome run = Invoke(RunDiff, {before.path(), after.path()});
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  EXPECT_EQ(run.out, "DE (changed)\n  price: coins_70: 0,99\u00a0€ -> 1,09\u00a0€\n");
}

TEST(DiffCommandTest, IdenticalDirectories) {
  TempRegionsDir dir;
  regions::testing::WriteValidFixture(dir);
  Outcome run = Invoke(RunDiff, {dir.path(), dir.path()});
  EXPECT_EQ(run.exit_code, kExitOk);
  EXPECT_EQ(run.out, "no changes\n");
}

TEST(DiffCommandTest, InvalidDirectoryPrintsItsErrors) {
  TempRegionsDir good, bad;
  regions::testing::WriteValidFixture(good);
  WriteBroken(bad);
  Outcome run = Invoke(RunDiff, {good.path(), bad.path()});
  EXPECT_EQ(run.exit_code, kExitFailed);
  EXPECT_THAT(run.err, HasSubstr("DE.yaml:7:11: currency: unknown currency 'EUX'"));
  EXPECT_THAT(run.err, HasSubstr(bad.path() + " has 2 errors"));
  EXPECT_EQ(run.out, "");
}

TEST(DiffCommandTest, Usage) {
  EXPECT_EQ(Invoke(RunDiff, {"only-one"}).exit_code, kExitUsage);
  EXPECT_EQ(Invoke(RunDiff, {}).exit_code, kExitUsage);
  EXPECT_EQ(Invoke(RunDiff, {"--help"}).exit_code, kExitOk);
}

// compliance run --min-coverage: a live market without cases fails the run
// and is named; a lower threshold lets it pass; a bad value is a usage error.
TEST(ComplianceCommandTest, MinCoverage) {
  TempRegionsDir dir;
  dir.CopyFrom(regions::testing::ShippedRegionsDir());
  dir.Remove("markets/AT.cases.yaml");
  Outcome full = Invoke(RunCompliance, {"run", "--regions", dir.path()});
  EXPECT_EQ(full.exit_code, kExitFailed);
  EXPECT_THAT(full.out, HasSubstr("coverage       AT 0 % < 100 %: no cases file "
                                  "(markets/AT.cases.yaml)\n"));
  EXPECT_THAT(full.out, HasSubstr("\nFAILED\n"));

  Outcome lowered = Invoke(RunCompliance, {"run", "--regions", dir.path(), "--min-coverage", "0"});
  EXPECT_EQ(lowered.exit_code, kExitOk) << lowered.out;
  EXPECT_THAT(lowered.out, HasSubstr("\nPASSED\n"));

  for (const char* bad : {"101", "-1", "50%", "", "abc"}) {
    Outcome usage = Invoke(RunCompliance, {"run", "--min-coverage", bad});
    EXPECT_EQ(usage.exit_code, kExitUsage) << bad;
    EXPECT_THAT(usage.err, HasSubstr("--min-coverage expects a whole percent from 0 to 100"));
  }
}

}  // namespace
}  // namespace mg::cli
