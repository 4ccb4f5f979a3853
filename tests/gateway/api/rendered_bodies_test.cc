// RenderedBodies: one render per key and snapshot version; a newer version
// drops the older bodies; an older version is rendered and never kept.
#include "rendered_bodies.h"

#include <gtest/gtest.h>

namespace mg::api {
namespace {

class RenderedBodiesTest : public ::testing::Test {
 protected:
  std::string Get(uint64_t version, const std::string& key, const std::string& text) {
    return *bodies_.Get(version, key, [&] {
      ++renders_;
      return text;
    });
  }

  RenderedBodies bodies_;
  int renders_ = 0;
};

TEST_F(RenderedBodiesTest, RendersEachKeyOncePerVersion) {
  EXPECT_EQ(Get(1, "catalog/DE/de-DE", "a"), "a");
  EXPECT_EQ(Get(1, "catalog/DE/de-DE", "ignored"), "a");
  EXPECT_EQ(Get(1, "catalog/DE/en-US", "b"), "b");
  EXPECT_EQ(renders_, 2);
}

TEST_F(RenderedBodiesTest, ANewerVersionRendersAgain) {
  Get(1, "catalog/DE/de-DE", "old");
  EXPECT_EQ(Get(2, "catalog/DE/de-DE", "new"), "new");
  EXPECT_EQ(Get(2, "catalog/DE/de-DE", "ignored"), "new");
  EXPECT_EQ(renders_, 2);
}

TEST_F(RenderedBodiesTest, AnOlderVersionIsRenderedAndNotKept) {
  Get(2, "catalog/DE/de-DE", "current");
  EXPECT_EQ(Get(1, "catalog/DE/de-DE", "older"), "older");
  EXPECT_EQ(Get(1, "catalog/DE/de-DE", "older again"), "older again");
  EXPECT_EQ(Get(2, "catalog/DE/de-DE", "ignored"), "current");
  EXPECT_EQ(renders_, 3);
}

}  // namespace
}  // namespace mg::api
