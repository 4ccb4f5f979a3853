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

TEST(FieldReaderTest, LookupsAnswerFromTheMappingAsRead) {
  static const std::string kFile = "markets/GB.yaml";
  ErrorSink sink;
  YAML::Node node = YAML::Load("name: x\nrate: 7\nempty: ~\nrate: 9\nlist: [a, b]\n");
  FieldReader reader(node, NodeContext{&kFile, "", &sink});
  // A repeated key reads as its first entry (as yaml-cpp's own lookup did).
  EXPECT_EQ(reader.OptionalInt("rate"), 7);
  EXPECT_EQ(reader.OptionalString("name"), "x");
  EXPECT_TRUE(reader.Has("empty"));
  EXPECT_TRUE(reader.Get("empty").IsNull());
  EXPECT_FALSE(reader.Has("missing"));
  EXPECT_FALSE(reader.Get("missing").IsDefined());
  EXPECT_EQ(reader.OptionalString("missing"), std::nullopt);
  EXPECT_EQ(reader.OptionalStringList("list"), (std::vector<std::string>{"a", "b"}));
  // A value read through the reader is the document's own node.
  reader.Get("list").push_back("c");
  EXPECT_EQ(node["list"].size(), 3u);
  ASSERT_EQ(sink.size(), 1u);  // the repeated 'rate'
  reader.Finish();
  EXPECT_EQ(sink.size(), 1u);  // every key was asked for
}

TEST(FieldReaderTest, DistinctKeysAreFine) {
  EXPECT_TRUE(ErrorsOf("a: 1\nb: 2\nc: {a: 1}\n").empty());
}

}  // namespace
}  // namespace mg
