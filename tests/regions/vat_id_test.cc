#include "regions/vat_id.h"

#include <gtest/gtest.h>

namespace mg::regions {
namespace {

struct VatCase {
  const char* id;
  const char* country;  // expected country ("" when unknown)
  bool valid;
};

void ExpectCases(const std::vector<VatCase>& cases) {
  OfflineVatIdChecker checker;
  for (const auto& c : cases) {
    VatIdCheck check = checker.Check(c.id);
    EXPECT_EQ(check.valid, c.valid) << c.id << ": " << check.reason;
    EXPECT_EQ(check.country, c.country) << c.id;
    EXPECT_EQ(check.reason.empty(), c.valid) << c.id;
  }
}

// Valid examples are the ones python-stdnum documents for each module.
TEST(VatIdTest, Germany) {
  ExpectCases({
      {"DE136695976", "DE", true},
      {"DE 136 695 976", "DE", true},
      {"de136695976", "DE", true},
      {"DE136695978", "DE", false},  // check digit
      {"DE036695976", "DE", false},  // leading zero
      {"DE13669597", "DE", false},   // length
  });
}

TEST(VatIdTest, France) {
  ExpectCases({
      {"FR40303265045", "FR", true},
      {"FR 23 334 175 221", "FR", true},
      {"FRK7399859412", "FR", true},  // new style, letter key
      {"FR4Z123456782", "FR", true},  // new style, digit then letter
      {"FR84323140391", "FR", false},
      {"FRIO334175221", "FR", false},  // I and O are not key characters
      {"FR4030326504", "FR", false},
  });
}

TEST(VatIdTest, Netherlands) {
  ExpectCases({
      {"NL004495445B01", "NL", true},
      {"NL 0044.95.445.B01", "NL", true},
      {"NL000099998B57", "NL", true},  // 2020 sole-proprietor btw-id (MOD 97-10)
      {"NL123456789B90", "NL", false},
      {"NL004495445B00", "NL", false},
      {"NL004495445A01", "NL", false},
  });
}

TEST(VatIdTest, Ireland) {
  ExpectCases({
      {"IE6433435F", "IE", true},
      {"IE6388047V", "IE", true},
      {"IE8D79739I", "IE", true},   // old style
      {"IE3628739UA", "IE", true},  // 2013 nine-character format
      {"IE6433435E", "IE", false},
      {"IE8?79739J", "IE", false},
      {"IE3628739UB", "IE", false},
  });
}

TEST(VatIdTest, Italy) {
  ExpectCases({
      {"IT00743110157", "IT", true},
      {"IT00743110158", "IT", false},  // Luhn
      {"IT00000001234", "IT", false},  // zero company number
      {"IT0074311015", "IT", false},
  });
}

TEST(VatIdTest, Spain) {
  ExpectCases({
      {"ESB58378431", "ES", true},  // CIF, digit check
      {"ES A13 585 625", "ES", true},
      {"ES54362315K", "ES", true},  // DNI
      {"ESX2482300W", "ES", true},  // NIE
      {"ESB58378432", "ES", false},
      {"ES54362315Z", "ES", false},
      {"ESX2482300A", "ES", false},
      {"ESI58378431", "ES", false},  // I is not a CIF letter
  });
}

TEST(VatIdTest, UnitedKingdom) {
  ExpectCases({
      {"GB980780684", "GB", true},  // mod 97
      {"GB 980 7806 84", "GB", true},
      {"GB434031494", "GB", true},     // mod 97: weighted sum 194 = 2 * 97
      {"GB434031439", "GB", true},     // 9755: weighted sum 139, 139 + 55 = 194
      {"GB980780684001", "GB", true},  // branch
      {"GBGD001", "GB", true},
      {"GBHA500", "GB", true},
      {"XI980780684", "GB", true},  // Northern Ireland
      {"GB802311781", "GB", false},
      {"GBGD500", "GB", false},
      {"GBHA499", "GB", false},
      {"GB98078068", "GB", false},
  });
}

TEST(VatIdTest, Switzerland) {
  ExpectCases({
      {"CHE-100.155.212 MWST", "CH", true},
      {"CHE100155212TVA", "CH", true},
      {"CHE-100.155.212 IVA", "CH", true},
      {"CHE-100.155.213 MWST", "CH", false},  // check digit
      {"CHE-100.155.212", "CH", false},       // a UID without VAT suffix
      {"CHE-100.155.212 VAT", "CH", false},
  });
}

// Every prefix has a check-digit algorithm now; vat_id_mutation_test.cc runs
// real IDs of each through every single-digit change. Here: the prefixes and
// countries, and a typo per country from python-stdnum's
// tests/test_eu_vat.doctest ("mangled so their check digit is wrong").
TEST(VatIdTest, EveryPrefixHasACheckDigitAlgorithm) {
  ExpectCases({
      {"ATU 143 43 102", "AT", false},    {"BE 0406.139.583", "BE", false},
      {"BG 131 172 009", "BG", false},    {"BG 147147471", "BG", false},
      {"CY 10246672F", "CY", false},      {"CZ 48207726", "CZ", false},
      {"CZ 640913926", "CZ", false},      {"CZ 8058018314", "CZ", false},
      {"DK 2565 2202", "DK", false},      {"EE 100 941 558", "EE", false},
      {"EL 094068733", "GR", false},      {"LV 40003189715", "LV", false},
      {"LV-42103048181", "LV", false},    {"SK 1078449164", "SK", false},
      {"FI 20774741", "FI", false},       {"HR 33392005962", "HR", false},
      {"HU-12892313", "HU", false},       {"LT 100001919018", "LT", false},
      {"LU 150 274 43", "LU", false},     {"MT 1167-9113", "MT", false},
      {"PL 8567346216", "PL", false},     {"PT 501 964 842", "PT", false},
      {"RO 185 472 91", "RO", false},     {"SE 556200077801", "SE", false},
      {"SI 50223055", "SI", false},       {"NO 995 525 829 MVA", "NO", false},
      {"NO 995 525 828", "NO", false},  // without MVA
      {"EL 094259216", "GR", true},     // Greece uses EL
      {"NO 995 525 828 MVA", "NO", true},
  });
  // Numbers once used as examples when only the format was checked now fail their check digits.
  EXPECT_FALSE(CheckVatIdOffline("ATU12345678").valid);
  EXPECT_FALSE(CheckVatIdOffline("PL1234567890").valid);
  EXPECT_FALSE(CheckVatIdOffline("BE0123456789").valid);
  EXPECT_FALSE(CheckVatIdOffline("ATU13585627").format_only);
  EXPECT_EQ(CheckVatIdOffline("ATU13585628").reason, "check digit mismatch");
  EXPECT_EQ(CheckVatIdOffline("BG 175074751").reason, "check digit mismatch");
  // Constructed (no real one found): both BG weightings leave remainder 10,
  // which becomes check digit 0.
  EXPECT_TRUE(CheckVatIdOffline("BG100000550").valid);
  EXPECT_FALSE(CheckVatIdOffline("BG100000551").valid);
}

TEST(VatIdTest, StructuralRulesBeforeTheCheckDigit) {
  EXPECT_EQ(CheckVatIdOffline("BE2000021323").reason, "the first digit must be 0 or 1");
  EXPECT_EQ(CheckVatIdOffline("CY-12259033P").reason, "must not start with 12");
  EXPECT_EQ(CheckVatIdOffline("CZ 95123891").reason, "8-digit numbers must not start with 9");
  EXPECT_EQ(CheckVatIdOffline("LT 100001509922").reason, "the last but one digit must be 1");
  EXPECT_EQ(CheckVatIdOffline("LV 16137519997").reason, "invalid birth date in a personal code");
  EXPECT_EQ(CheckVatIdOffline("SK 012 274 96 19").reason, "must not start with 0");
  EXPECT_EQ(CheckVatIdOffline("SK 2010 237 945").reason,
            "the third digit must be 2, 3, 4, 7, 8 or 9");
  // Constructed: divisible by 11, so only the third-digit rule rejects it.
  EXPECT_EQ(CheckVatIdOffline("SK2050000007").reason, "the third digit must be 2, 3, 4, 7, 8 or 9");
  EXPECT_EQ(CheckVatIdOffline("SE 55643359201").reason, "expected 12 digits");
  EXPECT_EQ(CheckVatIdOffline("SE556200077702").reason, "expected the suffix 01");
  EXPECT_EQ(CheckVatIdOffline("RO 0573768").reason, "must not start with 0");
  // A Romanian CNP (13 digits) is outside the VIES format of 2-10 digits.
  EXPECT_FALSE(CheckVatIdOffline("RO1630615123457").valid);
}

// Czech birth numbers issued before 1954 have 9 digits and no check digit:
// valid by format and date only, so format_only (no reverse charge).
TEST(VatIdTest, OldCzechBirthNumbersAreFormatOnly) {
  VatIdCheck old = CheckVatIdOffline("CZ991231123");  // stdnum sk/rc doctest; 31 Dec 1899
  EXPECT_TRUE(old.valid) << old.reason;
  EXPECT_TRUE(old.format_only);
  EXPECT_EQ(old.country, "CZ");
  VatIdCheck bad_date = CheckVatIdOffline("CZ991232123");
  EXPECT_FALSE(bad_date.valid);
  EXPECT_EQ(bad_date.reason, "invalid birth date");
  // 9 digits for someone born after 1953 do not exist.
  EXPECT_EQ(CheckVatIdOffline("CZ590312123").reason,
            "9-digit birth numbers were issued until 1953");
  // 10-digit birth numbers have a check digit.
  EXPECT_FALSE(CheckVatIdOffline("CZ7103192745").format_only);
  EXPECT_EQ(CheckVatIdOffline("CZ7103192746").reason, "check digit mismatch");
}

TEST(VatIdTest, UnknownPrefixAndEmpty) {
  VatIdCheck unknown = CheckVatIdOffline("QQ123456789");
  EXPECT_FALSE(unknown.valid);
  EXPECT_EQ(unknown.reason, "unknown country prefix 'QQ'");
  EXPECT_EQ(CheckVatIdOffline("").reason, "no VAT ID given");
  EXPECT_EQ(CheckVatIdOffline("DE 136-695.976").normalized, "DE136695976");
  EXPECT_EQ(CheckVatIdOffline("DE136695978").reason, "check digit mismatch");
}

// The seam: a checker that asks a registry can replace the offline one.
class AlwaysInvalid : public VatIdChecker {
 public:
  VatIdCheck Check(std::string_view vat_id) const override {
    VatIdCheck check;
    check.normalized = std::string(vat_id);
    check.reason = "not registered in VIES";
    return check;
  }
};

TEST(VatIdTest, CheckerIsAnInterface) {
  AlwaysInvalid vies;
  const VatIdChecker& checker = vies;
  EXPECT_FALSE(checker.Check("DE136695976").valid);
}

}  // namespace
}  // namespace mg::regions
