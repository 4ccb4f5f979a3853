// The crypto module against published test vectors (FIPS 180-2 for SHA-256,
// RFC 4231 for HMAC-SHA256, RFC 4648 for Base64) and its own round trips.
#include "base/crypto.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace mg {
namespace {

TEST(CryptoTest, Sha256MatchesFips180Vectors) {
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// Each thread reuses its own digest context: one after another, on many
// threads at once, long and empty inputs.
TEST(CryptoTest, Sha256ReusesAThreadsContextWithoutMixingInputs) {
  const std::string million(1'000'000, 'a');  // FIPS 180-2, the third vector
  const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (HexEncode(Sha256(i % 2 ? million : "abc")) !=
            (i % 2 ? expected
                   : "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")) {
          ++wrong[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
  EXPECT_EQ(HexEncode(Sha256(million)), expected);
  EXPECT_EQ(HexEncode(Sha256("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(CryptoTest, HasherOverPiecesEqualsOneShot) {
  Sha256Hasher hasher;
  hasher.Update("ab").Update("").Update("c");
  EXPECT_EQ(hasher.Finish(), Sha256("abc"));
}

TEST(CryptoTest, HmacSha256MatchesRfc4231Case2) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, HexRoundTripsAndRejectsBadInput) {
  const std::string bytes("\x00\x7f\x80\xff", 4);
  EXPECT_EQ(HexEncode(bytes), "007f80ff");
  EXPECT_EQ(HexDecode("007F80fF"), bytes);
  EXPECT_FALSE(HexDecode("abc").has_value());  // odd length
  EXPECT_FALSE(HexDecode("zz").has_value());   // not hex
  std::string appended = "id_";
  AppendHex(std::span<const unsigned char>(Sha256("abc").data(), 2), appended);
  EXPECT_EQ(appended, "id_ba78");
}

TEST(CryptoTest, ParsesOnlyWholeSha256Digests) {
  const std::string hex = HexEncode(Sha256("key"));
  ASSERT_TRUE(ParseSha256Hex(hex).has_value());
  EXPECT_EQ(*ParseSha256Hex(hex), Sha256("key"));
  EXPECT_FALSE(ParseSha256Hex(hex.substr(2)).has_value());
  EXPECT_FALSE(ParseSha256Hex(hex + "00").has_value());
}

TEST(CryptoTest, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(CryptoTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals(std::string_view("secret"), std::string_view("secret")));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("secret"), std::string_view("secreT")));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("secret"), std::string_view("secret!")));
  EXPECT_TRUE(ConstantTimeEquals(Sha256("a"), Sha256("a")));
  EXPECT_FALSE(ConstantTimeEquals(Sha256("a"), Sha256("b")));
}

}  // namespace
}  // namespace mg
