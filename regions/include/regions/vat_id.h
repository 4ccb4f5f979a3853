// VAT / GST identification numbers: format and check-digit validation,
// offline. A VatIdChecker decides whether a business customer's ID counts for
// the reverse charge (docs/markets.md, "Tax"); the offline implementation
// checks syntax and check digits only. A checker that asks VIES or HMRC can
// implement the same interface later; the tax engine takes it by reference.
//
// Full check-digit validation: DE, FR, NL (incl. the 2020 sole-proprietor
// mod 97-10 format), IE (old and new formats), IT, ES (NIF / NIE / CIF), GB
// (mod 97 and 9755, plus GD / HA), CH (UID with MWST/TVA/IVA, mod 11).
// Format only: the other EU member states (and XI for Northern Ireland uses
// the GB rules).
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
  // True when only the format could be checked (no check-digit algorithm).
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
