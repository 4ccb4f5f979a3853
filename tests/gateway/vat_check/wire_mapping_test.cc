// Covers the pure mapping of the registers' answers (vies_client.cc,
// hmrc_client.cc: ViesAnswerOf, HmrcAnswerOf, FormEncode) without a network:
// only an explicit answer decides; everything else is "unavailable".
#include <gtest/gtest.h>

#include "hmrc_client.h"
#include "vies_client.h"

namespace mg::vat_check::internal {
namespace {

using Verdict = RegistryAnswer::Verdict;

outbound::HttpResult Response(int status, std::string body) {
  outbound::HttpResult result;
  result.kind = outbound::HttpResult::Kind::kResponse;
  result.response.status = status;
  result.response.body = std::move(body);
  return result;
}

outbound::HttpResult Failure(outbound::HttpResult::Kind kind, std::string error) {
  outbound::HttpResult result;
  result.kind = kind;
  result.error = std::move(error);
  return result;
}

TEST(ViesAnswerOfTest, ValidAndInvalid) {
  RegistryAnswer yes = ViesAnswerOf(Response(
      200, R"({"countryCode":"DE","vatNumber":"136695976","requestDate":"2026-12-06T10:00:00Z",)"
           R"("valid":true,"name":"---","address":"---"})"));
  EXPECT_EQ(yes.verdict, Verdict::kRegistered);
  EXPECT_EQ(yes.registry, "VIES");
  EXPECT_EQ(ViesAnswerOf(Response(200, R"({"valid":false,"name":"---"})")).verdict,
            Verdict::kNotRegistered);
}

TEST(ViesAnswerOfTest, InvalidInputIsNotARegistration) {
  RegistryAnswer answer = ViesAnswerOf(
      Response(400, R"({"actionSucceed":false,"errorWrappers":[{"error":"INVALID_INPUT"}]})"));
  EXPECT_EQ(answer.verdict, Verdict::kNotRegistered);
  EXPECT_EQ(answer.detail, "INVALID_INPUT");
}

TEST(ViesAnswerOfTest, EveryOtherErrorIsUnavailable) {
  for (const char* code : {"MS_UNAVAILABLE", "MS_MAX_CONCURRENT_REQ", "TIMEOUT",
                           "SERVICE_UNAVAILABLE", "GLOBAL_MAX_CONCURRENT_REQ", "SOMETHING_NEW"}) {
    std::string body =
        std::string(R"({"actionSucceed":false,"errorWrappers":[{"error":")") + code + R"("}]})";
    for (int status : {200, 500, 503}) {
      RegistryAnswer answer = ViesAnswerOf(Response(status, body));
      EXPECT_EQ(answer.verdict, Verdict::kUnavailable) << code << " " << status;
      EXPECT_EQ(answer.detail, code);
    }
  }
  // An error beside a "valid" field still wins: the answer is not trusted.
  EXPECT_EQ(ViesAnswerOf(Response(200, R"({"valid":true,"errorWrappers":[{"error":"TIMEOUT"}]})"))
                .verdict,
            Verdict::kUnavailable);
}

TEST(ViesAnswerOfTest, UnreadableOrMissingAnswersAreUnavailable) {
  EXPECT_EQ(ViesAnswerOf(Response(200, "<html>busy</html>")).verdict, Verdict::kUnavailable);
  EXPECT_EQ(ViesAnswerOf(Response(200, R"({"valid":"true"})")).verdict, Verdict::kUnavailable);
  EXPECT_EQ(ViesAnswerOf(Response(502, R"({"valid":true})")).verdict, Verdict::kUnavailable);
  RegistryAnswer timeout =
      ViesAnswerOf(Failure(outbound::HttpResult::Kind::kAmbiguous, "read timeout"));
  EXPECT_EQ(timeout.verdict, Verdict::kUnavailable);
  EXPECT_EQ(timeout.detail, "read timeout");
  EXPECT_EQ(
      ViesAnswerOf(Failure(outbound::HttpResult::Kind::kNotSent, "connection refused")).verdict,
      Verdict::kUnavailable);
}

TEST(HmrcAnswerOfTest, TheDocumentedAnswers) {
  EXPECT_EQ(HmrcAnswerOf(Response(200, R"({"target":{"name":"Credite Sberger Donal Inc.",)"
                                       R"("vatNumber":"553557881","address":{"line1":"131B",)"
                                       R"("postcode":"SW97 5CK","countryCode":"GB"}},)"
                                       R"("processingDate":"2019-01-31T12:43:17+00:00"})"))
                .verdict,
            Verdict::kRegistered);
  RegistryAnswer missing = HmrcAnswerOf(Response(
      404, R"({"code":"NOT_FOUND","message":"targetVrn does not match a registered company"})"));
  EXPECT_EQ(missing.verdict, Verdict::kNotRegistered);
  EXPECT_EQ(missing.detail, "NOT_FOUND");
  EXPECT_EQ(HmrcAnswerOf(Response(400, R"({"code":"INVALID_REQUEST"})")).verdict,
            Verdict::kNotRegistered);
}

TEST(HmrcAnswerOfTest, EverythingElseIsUnavailable) {
  EXPECT_EQ(HmrcAnswerOf(Response(200, R"({"processingDate":"x"})")).verdict,
            Verdict::kUnavailable);
  for (int status : {401, 403, 429, 500, 503}) {
    EXPECT_EQ(HmrcAnswerOf(Response(status, R"({"code":"X"})")).verdict, Verdict::kUnavailable)
        << status;
  }
  EXPECT_EQ(HmrcAnswerOf(Failure(outbound::HttpResult::Kind::kNotSent, "connect timeout")).verdict,
            Verdict::kUnavailable);
}

TEST(FormEncodeTest, EncodesReservedCharacters) {
  EXPECT_EQ(FormEncode("a b&c=d+e/f"), "a%20b%26c%3Dd%2Be%2Ff");
  EXPECT_EQ(FormEncode("Az09-._~"), "Az09-._~");
}

}  // namespace
}  // namespace mg::vat_check::internal
