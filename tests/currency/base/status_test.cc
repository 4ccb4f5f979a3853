#include "base/status.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace mg {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kOk);
  EXPECT_EQ(status.ToString(), "ok");
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(StatusTest, ToStringNamesCodeMessageAndParam) {
  EXPECT_EQ(InvalidArgument("too many decimals for JPY", "amount").ToString(),
            "invalid_argument: too many decimals for JPY (param: amount)");
  EXPECT_EQ(Status(ErrorCode::kOutOfRange, "overflow").ToString(), "out_of_range: overflow");
}

TEST(StatusTest, EveryCodeHasADistinctName) {
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kCurrencyMismatch), "currency_mismatch");
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kFailedPrecondition), "failed_precondition");
  EXPECT_STREQ(ErrorCodeName(ErrorCode::kUnavailableForLegal), "unavailable_for_legal_reasons");
  std::set<std::string> names;
  for (int code = 0; code <= static_cast<int>(ErrorCode::kInternal); ++code) {
    names.insert(ErrorCodeName(static_cast<ErrorCode>(code)));
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(ErrorCode::kInternal) + 1);
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<int> value = 42;
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 42);
  EXPECT_TRUE(value.status().ok());

  Result<int> error = Status(ErrorCode::kNotFound, "no such market");
  EXPECT_FALSE(error.ok());
  EXPECT_FALSE(static_cast<bool>(error));
  EXPECT_EQ(error.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(error.status().message(), "no such market");
}

Result<int> Half(int value) {
  if (value % 2 != 0) return InvalidArgument(std::to_string(value) + " is odd");
  return value / 2;
}

Result<int> Quarter(int value) {
  MG_ASSIGN_OR_RETURN(int half, Half(value));
  MG_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckQuarter(int value) {
  MG_RETURN_IF_ERROR(Quarter(value).status());
  return Status::Ok();
}

TEST(ResultTest, MacrosPropagateTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().message(), "3 is odd");
  EXPECT_EQ(Quarter(5).status().message(), "5 is odd");
  EXPECT_TRUE(CheckQuarter(12).ok());
  EXPECT_EQ(CheckQuarter(10).code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace mg
