// FieldReader (currency/base/src/yaml_reader.cc): a mapping that repeats a
// key is refused where the repeat is, since a lookup would see only one of
// the two entries and drop the other without a word.
#include "base/yaml_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <string>

namespace mg {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> ErrorsOf(const std::string& text) {
  static const std::string kFile = "markets/GB.yaml";
  ErrorSink sink;
  YAML::Node node = YAML::Load(text);
  FieldReader reader(node, NodeContext{&kFile, "", &sink});
  std::vector<std::string> out;
  for (const auto& error : sink.errors()) out.push_back(error.ToString());
  return out;
}

TEST(FieldReaderTest, ARepeatedKeyIsAnErrorAtTheRepeat) {
  EXPECT_THAT(ErrorsOf("market: GB\nrules: []\nname: x\nrules: [a]\n"),
              ElementsAre("markets/GB.yaml:4:1: rules: duplicate key 'rules' (first at line 2)"));
}

TEST(FieldReaderTest, ANestedRepeatIsNamedWithItsPath) {
  static const std::string kFile = "markets/GB.yaml";
  ErrorSink sink;
  YAML::Node node = YAML::Load("tax:\n  rounding: {}\n  classes: {}\n  rounding: {}\n");
  FieldReader root(node, NodeContext{&kFile, "", &sink});
  FieldReader tax(root.Get("tax"), root.context().Child("tax"));
  ASSERT_EQ(sink.size(), 1u);
  EXPECT_EQ(sink.errors()[0].ToString(),
            "markets/GB.yaml:4:3: tax.rounding: duplicate key 'rounding' (first at line 2)");
}

TEST(FieldReaderTest, DistinctKeysAreFine) {
  EXPECT_TRUE(ErrorsOf("a: 1\nb: 2\nc: {a: 1}\n").empty());
}

}  // namespace
}  // namespace mg
