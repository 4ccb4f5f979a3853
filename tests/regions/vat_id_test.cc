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

TEST(VatIdTest, OtherMemberStatesAreFormatOnly) {
  ExpectCases({
      {"ATU12345678", "AT", true},
      {"BE0123456789", "BE", true},
      {"EL123456789", "GR", true},  // Greece uses EL
      {"PL1234567890", "PL", true},
      {"SE123456789701", "SE", true},
      {"ATU1234567", "AT", false},
      {"BE2123456789", "BE", false},
      {"SE123456789702", "SE", false},
  });
  EXPECT_TRUE(CheckVatIdOffline("ATU12345678").format_only);
  EXPECT_FALSE(CheckVatIdOffline("DE136695976").format_only);
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
