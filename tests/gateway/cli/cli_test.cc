// Runs the built marketgate binary and checks stdout, stderr and exit codes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

// Runs marketgate with `args`, capturing both streams into temporary files
// (no pipes, so a chatty child can never block on a full pipe).
RunResult RunMarketgate(std::vector<std::string> args) {
  const std::string dir = ::testing::TempDir();
  const std::string out_path = dir + "/cli_test_stdout_" + std::to_string(getpid());
  const std::string err_path = dir + "/cli_test_stderr_" + std::to_string(getpid());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  args.insert(args.begin(), MG_MARKETGATE_BINARY);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  RunResult result;
  pid_t pid = 0;
  const int spawn_error =
      posix_spawn(&pid, MG_MARKETGATE_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    ADD_FAILURE() << "cannot spawn " << MG_MARKETGATE_BINARY << ": " << spawn_error;
    return result;
  }
  int status = 0;
  if (waitpid(pid, &status, 0) == pid && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  return result;
}

// A successful run: exactly `out` on stdout, nothing on stderr.
void ExpectOutput(const std::vector<std::string>& args, const std::string& out) {
  RunResult result = RunMarketgate(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, out);
  EXPECT_EQ(result.err, "");
}

// A failed run: `exit_code`, nothing on stdout, `err_part` within stderr.
void ExpectError(const std::vector<std::string>& args, int exit_code, const std::string& err_part) {
  RunResult result = RunMarketgate(args);
  EXPECT_EQ(result.exit_code, exit_code) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find(err_part), std::string::npos) << result.err;
}

TEST(CliTest, OverviewListsTheCommands) {
  RunResult result = RunMarketgate({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* command : {"format", "convert", "localize-price"}) {
    EXPECT_NE(result.out.find(command), std::string::npos) << command;
  }
  EXPECT_EQ(RunMarketgate({}).exit_code, 2);
  ExpectError({"frobnicate"}, 2, "marketgate: unknown command 'frobnicate'");
}

// The executable allocates with tcmalloc (CMakeLists.txt, mg_use_serving_allocator): the
// dynamic linker binds every call of malloc to it, libc's own included. Under the sanitizers
// the executable keeps theirs.
TEST(CliTest, MallocIsTcmallocsOutsideTheSanitizers) {
#if MG_SERVING_TCMALLOC
  setenv("LD_DEBUG", "bindings", 1);
  RunResult result = RunMarketgate({"--help"});
  unsetenv("LD_DEBUG");
  EXPECT_EQ(result.exit_code, 0);
  std::istringstream lines(result.err);
  int bindings = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("symbol `malloc'") == std::string::npos) continue;
    ++bindings;
    EXPECT_NE(line.find("libtcmalloc_minimal.so"), std::string::npos) << line;
  }
  EXPECT_GT(bindings, 0) << "no binding of malloc reported";
#else
  GTEST_SKIP() << "a sanitizer build allocates with the sanitizer's allocator";
#endif
}

TEST(CliFormatTest, FormatsForTheLocale) {
  // "1.234,50", NBSP, "€".
  ExpectOutput({"format", "--locale", "de-DE", "--currency", "EUR", "1234.5"},
               "1.234,50\xC2\xA0\xE2\x82\xAC\n");
  ExpectOutput({"format", "--locale=de-DE", "--currency=EUR", "--style", "iso", "-1234.5"},
               "-1.234,50\xC2\xA0"
               "EUR\n");
  ExpectOutput({"format", "--locale", "de-DE", "--currency", "EUR", "--style", "name", "1"},
               "1,00 Euro\n");
  ExpectOutput({"format", "--locale", "id-ID", "--currency", "IDR", "--digits", "0", "1234567.89"},
               "Rp\xC2\xA0"
               "1.234.568\n");
}

TEST(CliFormatTest, HelpAndUsageErrors) {
  RunResult help = RunMarketgate({"format", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_EQ(help.out.rfind("Usage: marketgate format", 0), 0u) << help.out;
  EXPECT_EQ(help.err, "");
  ExpectError({"format", "--currency", "EUR", "1"}, 2, "--locale is required");
  ExpectError({"format", "--locale", "de-DE", "1"}, 2, "--currency is required");
  ExpectError({"format", "--locale", "de-DE", "--currency", "EUR"}, 2,
              "expected exactly one AMOUNT");
  ExpectError({"format", "--locale", "de-DE", "--currency", "EUR", "1", "2"}, 2,
              "expected exactly one AMOUNT");
  ExpectError({"format", "--locale", "de-DE", "--currency", "EUR", "--style", "fancy", "1"}, 2,
              "--style must be symbol, iso or name, not 'fancy'");
  ExpectError({"format", "--locale", "de-DE", "--currency", "EUR", "--digits", "-1", "1"}, 2,
              "--digits must be a whole number from 0 to 12");
  ExpectError({"format", "--colour", "1"}, 2, "unknown flag --colour");
  ExpectError({"format", "--locale"}, 2, "Try 'marketgate format --help'.");
}

TEST(CliFormatTest, RejectedValuesFail) {
  ExpectError({"format", "--locale", "xx-YY", "--currency", "EUR", "1"}, 1,
              "marketgate format: ICU has no locale data for 'xx-YY'\n");
  ExpectError({"format", "--locale", "de-DE", "--currency", "XYZ", "1"}, 1,
              "unknown currency code 'XYZ'");
  ExpectError({"format", "--locale", "de-DE", "--currency", "EUR", "1.234"}, 1,
              "amount '1.234' has 3 decimals; EUR allows 2");
}

TEST(CliConvertTest, PrintsTargetMinorUnitsPlainly) {
  ExpectOutput({"convert", "--from", "USD", "--to", "JPY", "--rate", "151.3742", "1.99"}, "301\n");
  ExpectOutput({"convert", "--from", "USD", "--to", "EUR", "--rate", "0.92", "13.41"}, "12.34\n");
  ExpectOutput(
      {"convert", "--from", "USD", "--to", "JPY", "--rate", "151.3742", "--rounding", "up", "1.99"},
      "302\n");
  ExpectOutput({"convert", "--from", "USD", "--to", "JPY", "--rate", "151.3742", "-1.99"},
               "-301\n");
}

TEST(CliConvertTest, HelpUsageAndFailures) {
  RunResult help = RunMarketgate({"convert", "-h"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_EQ(help.out.rfind("Usage: marketgate convert", 0), 0u) << help.out;
  ExpectError({"convert", "--from", "USD", "--to", "JPY", "1.99"}, 2, "--rate is required");
  ExpectError(
      {"convert", "--from", "USD", "--to", "JPY", "--rate", "151", "--rounding", "sideways", "1"},
      2, "unknown rounding mode 'sideways'");
  ExpectError({"convert", "--from", "USD", "--to", "JPY", "--rate", "151"}, 2,
              "expected exactly one AMOUNT");
  ExpectError({"convert", "--from", "USD", "--to", "JPY", "--rate", "1e2", "1"}, 1,
              "decimal '1e2' has an unexpected 'e'");
  ExpectError({"convert", "--from", "USD", "--to", "JPY", "--rate", "0", "1"}, 1,
              "FX rate 0 must be positive");
  ExpectError({"convert", "--from", "usd", "--to", "JPY", "--rate", "1", "1"}, 1,
              "currency code 'usd' must be three upper-case letters");
  ExpectError({"convert", "--from", "JPY", "--to", "USD", "--rate", "1", "1.5"}, 1,
              "amount '1.5' has 1 decimal; JPY allows 0");
  ExpectError({"convert", "--from", "USD", "--to", "KWD", "--rate", "1000", "92233720368547758"}, 1,
              "overflows");
}

TEST(CliLocalizePriceTest, PrintsThePricePoint) {
  ExpectOutput({"localize-price", "--base", "USD:0.99", "--rate", "151.3742", "--currency", "JPY",
                "--ending", "whole", "--step", "10"},
               "150\n");
  ExpectOutput({"localize-price", "--base", "USD:0.99", "--rate", "0.92", "--currency", "EUR",
                "--ending", "99", "--tax-rate", "0.19", "--tax-inclusive"},
               "1.99\n");
  ExpectOutput({"localize-price", "--base", "USD:0.99", "--rate", "0.92", "--currency", "EUR",
                "--ending", "49_99", "--tax-rate", "0.19", "--tax-inclusive", "--locale", "de-DE"},
               "1,49\xC2\xA0\xE2\x82\xAC\n");
  ExpectOutput({"localize-price", "--base", "USD:0.10", "--rate", "151.3742", "--currency", "JPY",
                "--ending", "whole", "--step", "10", "--floor", "100"},
               "100\n");
  ExpectOutput({"localize-price", "--base", "USD:0.99", "--rate", "151.3742", "--currency", "JPY",
                "--rounding", "down"},
               "149\n");
}

TEST(CliLocalizePriceTest, HelpUsageAndFailures) {
  RunResult help = RunMarketgate({"localize-price", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_EQ(help.out.rfind("Usage: marketgate localize-price", 0), 0u) << help.out;
  ExpectError({"localize-price", "--rate", "1", "--currency", "JPY"}, 2, "--base is required");
  ExpectError(
      {"localize-price", "--base", "USD:1", "--rate", "1", "--currency", "EUR", "--ending", "98"},
      2, "unknown price ending '98'");
  ExpectError(
      {"localize-price", "--base", "USD:1", "--rate", "1", "--currency", "EUR", "--step", "2.5"}, 2,
      "--step must be a whole number of major units, not '2.5'");
  ExpectError(
      {"localize-price", "--base", "USD:1", "--rate", "1", "--currency", "EUR", "--tax-inclusive"},
      2, "--tax-rate and --tax-inclusive go together");
  ExpectError({"localize-price", "--base", "USD:1", "--rate", "1", "--currency", "EUR", "extra"}, 2,
              "unexpected argument 'extra'");
  ExpectError({"localize-price", "--base", "USD1", "--rate", "1", "--currency", "EUR"}, 1,
              "expected CURRENCY:AMOUNT such as 'USD:0.99', got 'USD1'");
  ExpectError(
      {"localize-price", "--base", "USD:1", "--rate", "1", "--currency", "EUR", "--floor", "1.999"},
      1, "amount '1.999' has 3 decimals; EUR allows 2");
  ExpectError({"localize-price", "--base", "USD:1", "--rate", "1", "--currency", "EUR", "--locale",
               "not a locale"},
              1, "locale 'not a locale' is not a BCP 47 language tag");
  ExpectError({"localize-price", "--base", "USD:-1", "--rate", "1", "--currency", "EUR"}, 1,
              "base price USD -1.00 is negative");
}

}  // namespace
