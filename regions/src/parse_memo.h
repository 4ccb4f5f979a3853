// Parsed sections shared by the markets of one load (market_loader.cc): a
// pack's declaration is the same YAML node for every market that includes
// it, so what is parsed from it once is shared, not copied into each market.
// Keyed by the node's file (a string the load owns, so a pointer is stable
// for the load and never reused within it), line and column, and what else
// the parse depends on (the market's currency for amounts). Only successful
// parses are kept: a market that hits a broken declaration parses it again
// and reports its errors (deduplicated by the loader). Single-threaded: the
// loader parses the markets of a load on one thread. Internal to the loader.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "market_layers.h"
#include "regions/commerce.h"
#include "regions/rules.h"

namespace mg::regions::internal {

struct ParseMemo {
  using Key = std::tuple<const std::string*, int, int, std::string>;

  static Key KeyOf(const SourcedNode& declared, std::string extra = {}) {
    const YAML::Mark mark = declared.node.Mark();
    return {declared.context.file, mark.line, mark.column, std::move(extra)};
  }

  // The files of the packs read (PackLibrary): what is declared there is what
  // markets share. A market file's own declarations are parsed once anyway.
  std::set<const std::string*> pack_files;
  bool FromPack(const SourcedNode& declared) const {
    return pack_files.count(declared.context.file) > 0;
  }

  std::map<Key, std::shared_ptr<const std::vector<std::string>>> territories;
  std::map<Key, std::shared_ptr<const std::vector<TaxCollectionRule>>> tax_collections;
  // A pack's rules, by declaration and market currency (amounts are read in
  // it): 21 a market for the 1,000 synthetic markets, 36k instructions each
  // to parse (callgrind of `marketgate validate`, docs/performance.md).
  std::map<Key, Rule> rules;
  // Categories are declared in each market file; markets that declare the
  // same ones (the same text of every field) share them: by content.
  std::map<std::string, std::shared_ptr<const std::map<std::string, CommerceCategory>>> categories;
};

}  // namespace mg::regions::internal
