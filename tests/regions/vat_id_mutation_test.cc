// Real VAT IDs of every country marketgate knows, and what a typing error
// does to them: each single-digit change and each swap of two adjacent digits
// is run through the offline checker and must be rejected wherever the
// country's algorithm guarantees it.
//
// Sources of the IDs, as cited per line:
//   "stdnum eu"   python-stdnum tests/test_eu_vat.doctest, the list of VAT
//                 numbers "found online" (real registrations)
//   "stdnum xx/y" the doctest of python-stdnum module stdnum/xx/y.py
//   "stdnum test_x" python-stdnum tests/test_x.doctest; test_no_mva,
//                 test_gb_vat and test_ch_vat list numbers "found online"
// Module doctests are examples, not all of them registrations; every prefix
// has at least two IDs found online or in a company's own publication.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "regions/vat_id.h"

namespace mg::regions {
namespace {

// What the algorithm guarantees for a single-digit change.
enum class Guarantee {
  kEveryDigit,          // every digit is protected (mod 11 / 37 / 89 / 97
                        // schemes whose weights are all invertible, Luhn,
                        // ISO 7064, mod 10 with weights prime to 10)
  kEveryDigitButFirst,  // LV entities: a first digit 0-3 makes a personal code
  kCheckDigit,          // "mod 11, then mod 10" schemes: remainders 10 and 0
                        // give the same digit, so only the check digit itself
                        // is protected
  kLastTwoDigits,       // GB: three remainders (0, 42, 55) are accepted; the
                        // two check digits are protected
  kNone,                // alternative schemes for one format (NL 11-proof or
                        // MOD 97-10, BG EGN / PNF / other) or no check digit
};

struct KnownId {
  const char* id;  // normalized, valid
  Guarantee guarantee;
  const char* source;
};

const std::vector<KnownId>& KnownIds() {
  using G = Guarantee;
  static const std::vector<KnownId> kIds = {
      {"ATU13585627", G::kEveryDigit, "stdnum at/uid"},
      {"ATU14243102", G::kEveryDigit, "stdnum eu"},
      {"ATU64487479", G::kEveryDigit, "stdnum eu"},
      {"BE0428759497", G::kEveryDigit, "stdnum be/vat"},
      {"BE0202239951", G::kEveryDigit, "stdnum eu"},
      {"BE0897290877", G::kEveryDigit, "stdnum eu"},
      {"BG175074752", G::kCheckDigit, "stdnum bg/vat, legal entity"},
      {"BG131272009", G::kCheckDigit, "stdnum test_bg_vat, second weights"},
      {"BG7523169263", G::kNone, "stdnum eu, 10 digits"},
      {"BG8032056031", G::kNone, "stdnum eu, physical person"},
      {"BG7111042925", G::kNone, "stdnum eu, foreigner"},
      {"BG7542011030", G::kNone, "stdnum eu, person born in the 2000s (month + 40)"},
      {"BG7153849522", G::kNone, "stdnum test_bg_vat, other 10-digit number"},
      {"CY10259033P", G::kEveryDigit, "stdnum cy/vat"},
      {"CY10008489A", G::kEveryDigit, "stdnum eu"},
      {"CY00632993F", G::kEveryDigit, "stdnum eu"},
      {"CZ25123891", G::kCheckDigit, "stdnum cz/dic, legal entity"},
      {"CZ00023205", G::kCheckDigit, "stdnum eu, legal entity"},
      {"CZ640903926", G::kCheckDigit, "stdnum cz/dic, special case"},
      {"CZ7103192745", G::kCheckDigit, "stdnum cz/dic, birth number"},
      {"CZ6956220612", G::kCheckDigit, "stdnum eu, birth number"},
      {"DE136695976", G::kEveryDigit, "stdnum de/vat"},
      {"DE811363057", G::kEveryDigit, "stdnum eu"},
      {"DE129390950", G::kEveryDigit, "stdnum eu"},
      {"DK13585628", G::kEveryDigit, "stdnum dk/cvr"},
      {"DK10503280", G::kEveryDigit, "stdnum eu"},
      {"DK25186311", G::kEveryDigit, "stdnum eu"},
      {"EE100931558", G::kEveryDigit, "stdnum ee/kmkr"},
      {"EE100594102", G::kEveryDigit, "stdnum eu"},
      {"EE101256753", G::kEveryDigit, "stdnum eu"},
      {"EL094259216", G::kCheckDigit, "stdnum gr/vat"},
      {"EL094012834", G::kCheckDigit, "stdnum eu"},
      {"EL998386804", G::kCheckDigit, "stdnum eu"},
      {"EL095304080", G::kCheckDigit, "stdnum eu, remainder 10 gives 0"},
      {"ESB58378431", G::kEveryDigit, "stdnum eu, CIF"},
      {"ESA28184661", G::kEveryDigit, "stdnum eu, CIF"},
      {"ES54362315K", G::kEveryDigit, "stdnum eu, DNI"},
      {"ESX2482300W", G::kEveryDigit, "stdnum eu, NIE"},
      {"ESQ2818015F", G::kEveryDigit, "stdnum eu, CIF with letter"},
      {"FI20774740", G::kEveryDigit, "stdnum fi/alv"},
      {"FI02459042", G::kEveryDigit, "stdnum eu"},
      {"FI01968312", G::kEveryDigit, "stdnum eu"},
      {"FR40303265045", G::kEveryDigit, "stdnum eu"},
      {"FR84323140392", G::kEveryDigit, "stdnum eu"},
      {"FRK7399859412", G::kEveryDigit, "stdnum eu, letter key"},
      {"FR16000063601", G::kEveryDigit, "stdnum eu, Monaco"},
      {"HR33392005961", G::kEveryDigit, "stdnum hr/oib"},
      // Telemach Hrvatska d.o.o., OIB in its privacy statement: https://www.tele2.hr/
      // podrska-korisnicima/dokumenti/izjava-o-zastiti-osobnih-podataka-tele2-d-o-o/tnc1020/
      {"HR70133616033", G::kEveryDigit, "tele2.hr"},
      // Sveučilište u Zagrebu - Studentski centar, OIB in its tender notice 2016/S 201-363855
      // in the Official Journal of the EU (reprinted at akta.ba/tender/.../293892).
      {"HR22597784145", G::kEveryDigit, "EU Official Journal"},
      {"HU12892312", G::kEveryDigit, "stdnum hu/anum"},
      {"HU10672101", G::kEveryDigit, "stdnum eu"},
      {"HU12509403", G::kEveryDigit, "stdnum eu"},
      {"IE6433435F", G::kEveryDigit, "stdnum eu"},
      {"IE6388047V", G::kEveryDigit, "stdnum eu"},
      {"IE8D79739I", G::kEveryDigit, "stdnum eu, old style"},
      {"IE6433435IH", G::kEveryDigit, "stdnum eu, 2013 format"},
      {"IT00743110157", G::kEveryDigit, "stdnum eu"},
      {"IT01404480202", G::kEveryDigit, "stdnum eu"},
      {"IT12920760159", G::kEveryDigit, "stdnum eu"},
      {"LT119511515", G::kCheckDigit, "stdnum lt/pvm, legal entity"},
      {"LT100001919017", G::kCheckDigit, "stdnum lt/pvm, temporary"},
      {"LT100004801610", G::kCheckDigit, "stdnum lt/pvm, second weights"},
      {"LT757118413", G::kCheckDigit, "stdnum eu, second weights"},
      {"LU15027442", G::kEveryDigit, "stdnum lu/tva"},
      {"LU10059929", G::kEveryDigit, "stdnum eu"},
      {"LU22991225", G::kEveryDigit, "stdnum eu"},
      {"LV40003521600", G::kEveryDigitButFirst, "stdnum lv/pvn, legal entity"},
      {"LV90000528023", G::kEveryDigitButFirst, "stdnum eu, legal entity"},
      {"LV16117519997", G::kCheckDigit, "stdnum lv/pvn, personal code"},
      {"LV32867300679", G::kCheckDigit, "stdnum lv/pvn, personal code since 2017"},
      {"MT11679112", G::kEveryDigit, "stdnum eu"},
      {"MT10396417", G::kEveryDigit, "stdnum eu"},
      {"MT20630321", G::kEveryDigit, "stdnum eu"},
      {"NL004495445B01", G::kNone, "stdnum eu, 11-proof"},
      {"NL001241643B01", G::kNone, "stdnum eu, 11-proof"},
      {"NL001162938B28", G::kNone, "stdnum eu, MOD 97-10"},
      {"NO995525828MVA", G::kEveryDigit, "stdnum no/mva"},
      {"NO965920358MVA", G::kEveryDigit, "stdnum test_no_mva"},
      {"NO987008644MVA", G::kEveryDigit, "stdnum test_no_mva"},
      {"PL8567346215", G::kEveryDigit, "stdnum pl/nip"},
      {"PL5211355116", G::kEveryDigit, "stdnum eu"},
      {"PL7271676569", G::kEveryDigit, "stdnum eu"},
      {"PT501964843", G::kCheckDigit, "stdnum pt/nif"},
      {"PT500019720", G::kCheckDigit, "stdnum eu"},
      {"PT509284930", G::kCheckDigit, "stdnum eu"},
      {"RO18547290", G::kCheckDigit, "stdnum ro/cf"},
      {"RO1822964", G::kCheckDigit, "stdnum eu, 7 digits"},
      {"RO573768", G::kCheckDigit, "stdnum eu, 6 digits"},
      {"SE202100500001", G::kEveryDigit, "stdnum eu"},
      {"SE556200077701", G::kEveryDigit, "stdnum eu"},
      {"SE556043606401", G::kEveryDigit, "stdnum eu"},
      {"SI50223054", G::kEveryDigit, "stdnum si/ddv"},
      {"SI26808498", G::kEveryDigit, "stdnum eu"},
      {"SI89036999", G::kEveryDigit, "stdnum eu"},
      {"SI48673820", G::kEveryDigit, "stdnum eu, 11 - 1 = 10 gives 0"},
      {"SK2022749619", G::kEveryDigit, "stdnum sk/dph"},
      {"SK1078449064", G::kEveryDigit, "stdnum eu"},
      {"SK2020237945", G::kEveryDigit, "stdnum eu"},
      {"GB980780684", G::kLastTwoDigits, "stdnum gb/vat"},
      {"GB002425728", G::kLastTwoDigits, "stdnum test_gb_vat"},
      {"GB100195075", G::kLastTwoDigits, "stdnum test_gb_vat, 9755 scheme"},
      {"XI432525179", G::kLastTwoDigits, "stdnum eu"},
      // A real GB number in its XI form (HMRC: traders under the Northern
      // Ireland protocol put XI before their GB number); digits as above.
      {"XI311405025", G::kLastTwoDigits, "stdnum test_gb_vat"},
      {"CHE100155212MWST", G::kEveryDigit, "stdnum test_ch_vat"},
      {"CHE107787577IVA", G::kEveryDigit, "stdnum ch/vat"},
      {"CHE110576236TVA", G::kEveryDigit, "stdnum test_ch_vat"},
  };
  return kIds;
}

// Countries whose weights differ for every two neighbours (and, for mod 97 /
// mod 89, where a swap changes the value by 9 * (a - b) * 10^k): every swap
// of two different adjacent digits is caught.
const std::set<std::string> kSwapsCaught = {"BE", "CH", "CY", "DK", "FI", "IE",
                                            "LU", "MT", "NO", "PL", "SK"};

// Rejections that are not about the check digit: a change that breaks the
// number's structure before the check digit is compared.
const std::map<std::string, std::set<std::string>> kStructureReasons = {
    {"BE", {"the first digit must be 0 or 1"}},
    {"CY", {"must not start with 12"}},
    {"CZ",
     {"8-digit numbers must not start with 9", "invalid birth date",
      "9-digit birth numbers were issued until 1953"}},
    {"DE", {"must not start with 0"}},
    {"DK", {"must not start with 0"}},
    {"IT", {"invalid office code"}},
    {"LT", {"the last but one digit must be 1"}},
    {"LV", {"invalid birth date in a personal code"}},
    {"MT", {"must not start with 0"}},
    {"PT", {"must not start with 0"}},
    {"RO", {"must not start with 0"}},
    {"SE", {"expected the suffix 01"}},
    {"SI", {"must not start with 0"}},
    {"SK", {"must not start with 0", "the third digit must be 2, 3, 4, 7, 8 or 9"}},
};

std::string Prefix(const std::string& id) { return id.substr(0, 2); }

// Positions (in the whole ID) whose every change the guarantee covers.
std::vector<size_t> ProtectedDigits(const KnownId& known) {
  std::string id = known.id;
  std::vector<size_t> digits;
  for (size_t i = 2; i < id.size(); ++i) {
    if (id[i] >= '0' && id[i] <= '9') digits.push_back(i);
  }
  switch (known.guarantee) {
    case Guarantee::kEveryDigit:
      return digits;
    case Guarantee::kEveryDigitButFirst:
      return {digits.begin() + 1, digits.end()};
    case Guarantee::kCheckDigit:
      return {digits.back()};
    case Guarantee::kLastTwoDigits:
      return {digits[7], digits[8]};  // of the 9-digit number
    case Guarantee::kNone:
      return {};
  }
  return {};
}

// The rejection must name the check digit, or a structural rule of the country.
void ExpectRejected(const std::string& mutated, const std::string& original) {
  VatIdCheck check = CheckVatIdOffline(mutated);
  ASSERT_FALSE(check.valid && !check.format_only) << mutated << " (from " << original << ")";
  if (check.valid) return;  // format only: no reverse charge either
  bool about_check = check.reason.find("check") != std::string::npos;
  auto structure = kStructureReasons.find(Prefix(original));
  bool about_structure =
      structure != kStructureReasons.end() && structure->second.count(check.reason) > 0;
  EXPECT_TRUE(about_check || about_structure)
      << mutated << " (from " << original << "): " << check.reason;
}

TEST(VatIdMutationTest, EveryKnownIdIsValid) {
  for (const KnownId& known : KnownIds()) {
    VatIdCheck check = CheckVatIdOffline(known.id);
    EXPECT_TRUE(check.valid) << known.id << " (" << known.source << "): " << check.reason;
    EXPECT_FALSE(check.format_only) << known.id;
  }
}

TEST(VatIdMutationTest, EveryCountryHasAtLeastTwoRealIds) {
  std::map<std::string, int> per_prefix;
  for (const KnownId& known : KnownIds()) ++per_prefix[Prefix(known.id)];
  for (const char* prefix : {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI",
                             "FR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL",
                             "PT", "RO", "SE", "SI", "SK", "XI", "GB", "CH", "NO"}) {
    EXPECT_GE(per_prefix[prefix], 2) << prefix;
  }
}

TEST(VatIdMutationTest, ProtectedDigitsRejectEverySingleChange) {
  int checked = 0;
  for (const KnownId& known : KnownIds()) {
    std::string id = known.id;
    for (size_t pos : ProtectedDigits(known)) {
      for (char digit = '0'; digit <= '9'; ++digit) {
        if (digit == id[pos]) continue;
        std::string mutated = id;
        mutated[pos] = digit;
        ExpectRejected(mutated, id);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 5000);  // the loop really ran over the table
}

TEST(VatIdMutationTest, ChangedCheckDigitIsRejectedWithTheReason) {
  // The last digit of a mod-11 ID: the reason is the check digit itself.
  for (const char* id : {"ATU13585628", "BE0428759498", "DK13585629", "NO995525829MVA",
                         "PL8567346216", "SE556200077801", "HR33392005962", "LV40003521601"}) {
    VatIdCheck check = CheckVatIdOffline(id);
    EXPECT_FALSE(check.valid) << id;
    EXPECT_NE(check.reason.find("check digit"), std::string::npos) << id << ": " << check.reason;
  }
}

TEST(VatIdMutationTest, AdjacentSwapsAreRejectedWhereTheWeightsDiffer) {
  int checked = 0;
  for (const KnownId& known : KnownIds()) {
    std::string id = known.id;
    if (kSwapsCaught.count(Prefix(id)) == 0) continue;
    for (size_t i = 2; i + 1 < id.size(); ++i) {
      bool digits = id[i] >= '0' && id[i] <= '9' && id[i + 1] >= '0' && id[i + 1] <= '9';
      if (!digits || id[i] == id[i + 1]) continue;
      std::string swapped = id;
      std::swap(swapped[i], swapped[i + 1]);
      ExpectRejected(swapped, id);
      ++checked;
    }
  }
  EXPECT_GT(checked, 150);
}

}  // namespace
}  // namespace mg::regions
