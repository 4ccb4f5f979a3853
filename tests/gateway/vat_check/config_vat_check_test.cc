// Covers gateway/app/src/config_vat_check.cc: the `vat_check:` section, and
// the checker built from it.
#include "config_vat_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gateway/app/config.h"

namespace mg::app {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Parsed {
  std::optional<vat_check::RegistryCheckerOptions> options;
  std::string errors;  // one per line
};

Parsed Parse(const std::string& yaml) {
  static const std::string kFile = "marketgate.yaml";
  ErrorSink sink;
  Parsed parsed;
  std::optional<YAML::Node> root = LoadYamlText(kFile, yaml, sink);
  if (root) {
    FieldReader reader(*root, NodeContext{&kFile, "", &sink});
    parsed.options = ReadVatCheck(reader, std::filesystem::temp_directory_path());
    reader.Finish();
  }
  for (const LoadError& error : sink.errors()) parsed.errors += error.ToString() + "\n";
  return parsed;
}

TEST(ConfigVatCheckTest, AbsentSectionMeansOfflineChecks) {
  Parsed parsed = Parse("listen: 127.0.0.1:8080\n");
  EXPECT_FALSE(parsed.options.has_value());
  Result<std::shared_ptr<const regions::VatIdChecker>> checker = BuildVatIdChecker(parsed.options);
  ASSERT_TRUE(checker.ok());
  EXPECT_EQ(*checker, nullptr);
}

TEST(ConfigVatCheckTest, ReadsEveryField) {
  setenv("MG_TEST_HMRC_SECRET", "s3cr3t-value", 1);
  Parsed parsed = Parse(R"(
vat_check:
  vies: {url: "https://ec.europa.eu/taxation_customs/vies/rest-api"}
  hmrc:
    url: https://test-api.service.hmrc.gov.uk
    client_id: my-client
    client_secret_env: MG_TEST_HMRC_SECRET
  cache_ttl_s: 600
  cache_max_entries: 50
  connect_timeout_ms: 1500
  timeout_ms: 2500
  when_unavailable: accept_checked_digits
)");
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors;
  ASSERT_TRUE(parsed.options.has_value());
  const vat_check::RegistryCheckerOptions& o = *parsed.options;
  ASSERT_TRUE(o.vies.has_value());
  EXPECT_EQ(o.vies->base_url, "https://ec.europa.eu/taxation_customs/vies/rest-api");
  ASSERT_TRUE(o.hmrc.has_value());
  EXPECT_EQ(o.hmrc->client_id, "my-client");
  EXPECT_EQ(o.hmrc->client_secret.reveal(), "s3cr3t-value");
  EXPECT_EQ(o.cache_ttl, std::chrono::seconds(600));
  EXPECT_EQ(o.cache_max_entries, 50u);
  EXPECT_EQ(o.connect_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(o.read_timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(o.when_unavailable, vat_check::WhenUnavailable::kAcceptCheckedDigits);
  Result<std::shared_ptr<const regions::VatIdChecker>> checker = BuildVatIdChecker(parsed.options);
  ASSERT_TRUE(checker.ok()) << checker.status().ToString();
  EXPECT_NE(*checker, nullptr);

  // GET /admin/config shows the registers and the policy, never the secret.
  GatewayConfig config;
  config.vat_check = o;
  boost::json::object summary = ConfigSummaryJson(config);
  const boost::json::object& vat = summary.at("vat_check").as_object();
  EXPECT_EQ(vat.at("vies").as_string(), "https://ec.europa.eu/taxation_customs/vies/rest-api");
  EXPECT_EQ(vat.at("hmrc").as_string(), "https://test-api.service.hmrc.gov.uk");
  EXPECT_EQ(vat.at("cache_ttl_s").as_int64(), 600);
  EXPECT_EQ(vat.at("when_unavailable").as_string(), "accept_checked_digits");
  EXPECT_THAT(boost::json::serialize(summary), Not(HasSubstr("s3cr3t-value")));
  config.vat_check.reset();
  EXPECT_TRUE(ConfigSummaryJson(config).at("vat_check").is_null());
}

TEST(ConfigVatCheckTest, DefaultsAreCautious) {
  Parsed parsed = Parse("vat_check:\n  vies: {url: http://127.0.0.1:9/registries/vies}\n");
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors;
  ASSERT_TRUE(parsed.options.has_value());
  EXPECT_EQ(parsed.options->when_unavailable, vat_check::WhenUnavailable::kChargeVat);
  EXPECT_EQ(parsed.options->connect_timeout, std::chrono::milliseconds(2000));
  EXPECT_EQ(parsed.options->read_timeout, std::chrono::milliseconds(3000));
  EXPECT_FALSE(parsed.options->hmrc.has_value());
}

TEST(ConfigVatCheckTest, SecretFromAFileNeverInErrors) {
  std::filesystem::path file = std::filesystem::temp_directory_path() / "mg_vat_check_secret";
  std::ofstream(file) << "file-secret\n";
  Parsed parsed =
      Parse("vat_check:\n  hmrc: {url: https://x.test, client_id: c, client_secret_file: " +
            file.string() + "}\n");
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors;
  EXPECT_EQ(parsed.options->hmrc->client_secret.reveal(), "file-secret");
  std::filesystem::remove(file);
}

TEST(ConfigVatCheckTest, ErrorsNameTheField) {
  EXPECT_THAT(Parse("vat_check: {cache_ttl_s: 60}\n").errors, HasSubstr("'vies' or 'hmrc'"));
  EXPECT_THAT(Parse("vat_check: {vies: {url: ftp://x}}\n").errors, HasSubstr("vat_check.vies.url"));
  EXPECT_THAT(Parse("vat_check: {vies: {url: http://x}, when_unavailable: maybe}\n").errors,
              HasSubstr("when_unavailable"));
  EXPECT_THAT(Parse("vat_check: {vies: {url: http://x}, cache_tll_s: 5}\n").errors,
              HasSubstr("cache_tll_s"));
  std::string both = Parse(
                         "vat_check:\n  hmrc: {url: https://x.test, client_id: c,"
                         " client_secret_file: a, client_secret_env: B}\n")
                         .errors;
  EXPECT_THAT(both, HasSubstr("exactly one"));
  unsetenv("MG_TEST_UNSET_SECRET");
  EXPECT_THAT(Parse("vat_check:\n  hmrc: {url: https://x.test, client_id: c,"
                    " client_secret_env: MG_TEST_UNSET_SECRET}\n")
                  .errors,
              HasSubstr("MG_TEST_UNSET_SECRET"));
}

TEST(ConfigVatCheckTest, SecretValueNeverAppearsInErrors) {
  setenv("MG_TEST_HMRC_SECRET2", "do-not-print", 1);
  Parsed parsed = Parse(
      "vat_check:\n  hmrc: {url: nope, client_id: c, client_secret_env: MG_TEST_HMRC_SECRET2}\n");
  EXPECT_FALSE(parsed.errors.empty());
  EXPECT_THAT(parsed.errors, Not(HasSubstr("do-not-print")));
}

}  // namespace
}  // namespace mg::app
