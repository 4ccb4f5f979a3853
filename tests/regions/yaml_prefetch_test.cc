// Market files parsed ahead of the loader (regions/src/yaml_prefetch.cc):
// every document in file order, never more than the window ahead, trees
// given back to the thread that parsed them.
#include "yaml_prefetch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "regions_fixture.h"

namespace mg::regions::internal {
namespace {

using testing::TempRegionsDir;

std::vector<std::unique_ptr<std::string>> NumberedFiles(const TempRegionsDir& dir, int count) {
  std::vector<std::unique_ptr<std::string>> files;
  for (int i = 0; i < count; ++i) {
    const std::string name = "markets/f" + std::to_string(1000 + i) + ".yaml";
    dir.Write(name, "n: " + std::to_string(i) + "\n");
    files.push_back(std::make_unique<std::string>(dir.File(name)));
  }
  return files;
}

TEST(YamlPrefetchTest, HandsOutEveryDocumentInFileOrderWithItsOwnErrors) {
  TempRegionsDir dir;
  std::vector<std::unique_ptr<std::string>> files = NumberedFiles(dir, 120);
  dir.Write("markets/f1057.yaml", "n: [57\n");  // a YAML syntax error
  YamlPrefetch prefetch(files, 8);
  for (size_t i = 0; i < files.size(); ++i) {
    YamlDocument document = prefetch.Take(i);
    if (i == 57) {
      EXPECT_FALSE(document.root.has_value());
      ASSERT_EQ(document.errors.size(), 1u);
      EXPECT_EQ(document.errors.errors()[0].file, *files[i]);
      EXPECT_EQ(document.errors.errors()[0].line, 2);
    } else {
      ASSERT_TRUE(document.root.has_value()) << i;
      EXPECT_TRUE(document.errors.empty()) << i;
      EXPECT_EQ((*document.root)["n"].as<size_t>(), i);
    }
    prefetch.Release(i, std::move(document.root));
  }
}

TEST(YamlPrefetchTest, ParsesNoMoreThanTheWindowAheadOfTheCaller) {
  TempRegionsDir dir;
  std::vector<std::unique_ptr<std::string>> files = NumberedFiles(dir, 64);
  constexpr size_t kWindow = 4;
  YamlPrefetch prefetch(files, kWindow);
  for (size_t i = 0; i < files.size(); ++i) {
    YamlDocument document = prefetch.Take(i);
    // A slow caller: helpers would run to the end without the window.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    prefetch.Release(i, std::move(document.root));
  }
  EXPECT_LE(prefetch.most_ahead(), kWindow);
  if (std::thread::hardware_concurrency() > 1) {
    EXPECT_GE(prefetch.most_ahead(), 2u) << "a helper should have parsed ahead";
  }
}

TEST(YamlPrefetchTest, AReleasedTreeStillReferencedStaysValid) {
  TempRegionsDir dir;
  std::vector<std::unique_ptr<std::string>> files = NumberedFiles(dir, 40);
  std::vector<YAML::Node> kept;
  {
    YamlPrefetch prefetch(files, 16);
    for (size_t i = 0; i < files.size(); ++i) {
      YamlDocument document = prefetch.Take(i);
      kept.push_back(*document.root);
      prefetch.Release(i, std::move(document.root));
    }
  }
  for (size_t i = 0; i < kept.size(); ++i) EXPECT_EQ(kept[i]["n"].as<size_t>(), i);
}

TEST(YamlPrefetchTest, StopsItsHelpersWhenDroppedEarly) {
  TempRegionsDir dir;
  std::vector<std::unique_ptr<std::string>> files = NumberedFiles(dir, 200);
  {
    YamlPrefetch prefetch(files, 16);
    YamlDocument first = prefetch.Take(0);
    ASSERT_TRUE(first.root.has_value());
    prefetch.Release(0, std::move(first.root));
  }  // joins here: a helper waiting for the window must wake up and leave,
     // or the test hangs and ctest's timeout fails it
}

}  // namespace
}  // namespace mg::regions::internal
