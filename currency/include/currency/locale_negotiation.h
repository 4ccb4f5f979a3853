// Picks the best supported locale for an Accept-Language header, with ICU's
// LocaleMatcher. Built once per market (inside the snapshot); Negotiate() is
// const and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mg {

class LocaleNegotiator {
 public:
  // `supported` are BCP 47 tags; the first is the market's default.
  // Errors: empty list, invalid tag.
  static Result<LocaleNegotiator> Create(const std::vector<std::string>& supported);

  LocaleNegotiator(LocaleNegotiator&&) noexcept;
  LocaleNegotiator& operator=(LocaleNegotiator&&) noexcept;
  ~LocaleNegotiator();

  // Best match among the supported tags for an Accept-Language value
  // ("fr-CH, fr;q=0.9, en;q=0.8"). Returns the default for an empty, malformed
  // or unmatched header. Always returns one of the supported tags verbatim.
  // Entries are ordered by q-value (ties keep the header's order); "*",
  // q=0 and malformed entries are skipped. Only the first 4096 bytes and 32
  // entries are read, so a hostile header costs little.
  std::string Negotiate(std::string_view accept_language) const;

  // The supported tag equal to `locale` (case-insensitive), or the best match
  // for it alone, or the default.
  std::string Resolve(std::string_view locale) const;

  const std::string& default_locale() const;

 private:
  struct Impl;
  explicit LocaleNegotiator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// BCP 47 tags of every locale ICU ships formatting data for, "en" first:
// what a negotiator for a person's own language (not a market's) supports.
std::vector<std::string> IcuLocaleTags();

}  // namespace mg
