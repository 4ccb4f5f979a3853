#include <gtest/gtest.h>

#include "currency/status.h"

namespace mg {
namespace {

TEST(UnprocessableTest, HasItsOwnCodeAndName) {
  Status status = Unprocessable("quantity must be at least 1", "items[0].quantity");
  EXPECT_EQ(status.code(), ErrorCode::kUnprocessable);
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kUnprocessable), "unprocessable");
  EXPECT_EQ(status.ToString(),
            "unprocessable: quantity must be at least 1 (param: items[0].quantity)");
}

}  // namespace
}  // namespace mg
