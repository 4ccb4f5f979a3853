// VAT / GST identification numbers: format and check-digit validation,
// offline. A VatIdChecker decides whether a business customer's ID counts for
// the reverse charge (docs/markets.md, "Tax"); the offline implementation
// checks syntax and check digits only. A checker that asks VIES or HMRC can
// implement the same interface later; the tax engine takes it by reference.
//
// Check digits are verified for every prefix known: the 27 EU member states
// (Greece as EL), XI (Northern Ireland, the GB rules), GB (mod 97 and 9755,
// plus GD / HA), CH (UID with MWST/TVA/IVA, mod 11) and NO (organisasjonsnummer
// + MVA, mod 11). A check digit catches typing errors, not made-up numbers:
// only the tax authority (VIES, HMRC) knows whether an ID is registered.
// One kind of number carries no check digit: Czech birth numbers issued
// before 1954 (9 digits); those are valid with format_only set.
#pragma once

#include <string>
#include <string_view>

namespace mg::regions {

struct VatIdCheck {
  bool valid = false;
  // ISO 3166-1 alpha-2 country of the ID: "EL" prefixes give "GR", "XI" gives
  // "GB"; empty when no country prefix was recognized.
  std::string country;
  // Upper case, without spaces, dots or dashes: "DE136695976", "CHE116281710MWST".
  std::string normalized;
  // Why the ID is invalid ("check digit mismatch", "unknown country prefix
  // 'QQ'", ...); empty when valid.
  std::string reason;
  // True when only the format could be checked (the number has no check
  // digit); the tax engine does not grant the reverse charge on it.
  bool format_only = false;
};

// Thread-safe: Check() is const and may be called concurrently.
class VatIdChecker {
 public:
  virtual ~VatIdChecker() = default;
  virtual VatIdCheck Check(std::string_view vat_id) const = 0;
};

// Syntax and check digits, no network.
class OfflineVatIdChecker final : public VatIdChecker {
 public:
  VatIdCheck Check(std::string_view vat_id) const override;
};

// The same as OfflineVatIdChecker().Check(vat_id).
VatIdCheck CheckVatIdOffline(std::string_view vat_id);

}  // namespace mg::regions
