// Pack includes and merging (docs/markets.md, "Packs"), on YAML nodes that
// keep their file and field path, so that an error inside a pack names the
// pack's file. Internal to the loader.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/yaml_reader.h"

namespace mg::regions::internal {

struct ParseMemo;  // parse_memo.h

// A node with the file and path it came from.
struct SourcedNode {
  YAML::Node node;
  NodeContext context;

  SourcedNode(YAML::Node node_in, NodeContext context_in)
      : node(std::move(node_in)), context(std::move(context_in)) {}
  SourcedNode(const SourcedNode&) = default;
  // yaml-cpp's Node::operator= writes through: it makes the node assigned to
  // (here a pack's, read once and shared by every market that includes it)
  // refer to the other's data. Rebinding keeps one market's override from
  // reaching the next market of the pack.
  SourcedNode& operator=(const SourcedNode& other) {
    node.reset(other.node);
    context = other.context;
    return *this;
  }
};

// The sections a pack or a market file may declare and that merge.
struct Layer {
  std::optional<SourcedNode> entity;
  std::optional<SourcedNode> tax_rounding;
  std::optional<SourcedNode> tax_b2b;
  std::optional<SourcedNode> tax_local_taxes;
  std::vector<std::pair<std::string, SourcedNode>> tax_classes;
  std::vector<SourcedNode> payment_methods;
  std::vector<SourcedNode> rules;
  std::vector<std::pair<std::string, SourcedNode>> ad_formats;
  std::optional<SourcedNode> ads;  // the `ads` mapping itself, when declared
  std::optional<SourcedNode> ads_payment_terms;
  std::optional<SourcedNode> ads_invoice_terms_days;
  std::vector<std::pair<std::string, SourcedNode>> gifts;     // by id
  std::vector<std::pair<std::string, SourcedNode>> gifting;   // by field
  std::vector<std::pair<std::string, SourcedNode>> payouts;   // by field
  std::vector<std::pair<std::string, SourcedNode>> commerce;  // by field
};

// Reads the mergeable sections through `root` (marking their keys as known).
Layer ReadLayer(FieldReader& root);

// The result of merging the packs and the market file, in declaration order.
struct MergedLayers {
  std::optional<SourcedNode> entity;
  std::optional<SourcedNode> tax_rounding;
  std::optional<SourcedNode> tax_b2b;
  std::optional<SourcedNode> tax_local_taxes;
  std::vector<std::pair<std::string, SourcedNode>> tax_classes;      // unique names
  std::vector<std::pair<std::string, SourcedNode>> payment_methods;  // by method
  // By id; every declaration kept in order, the last one is effective (a
  // switch-off needs the rule it switches off).
  std::vector<std::pair<std::string, std::vector<SourcedNode>>> rules;
  std::optional<SourcedNode> ads;
  std::vector<std::pair<std::string, SourcedNode>> ad_formats;
  std::optional<SourcedNode> ads_payment_terms;
  std::optional<SourcedNode> ads_invoice_terms_days;
  // By id, every declaration in order: a later one replaces the fields it
  // declares and adds names (a market names a pack's gift in its language).
  std::vector<std::pair<std::string, std::vector<SourcedNode>>> gifts;
  // `gifting`, by field: a later layer replaces a field whole.
  std::vector<std::pair<std::string, SourcedNode>> gifting;
  // `payouts`, by field, as `gifting`.
  std::vector<std::pair<std::string, SourcedNode>> payouts;
  // `commerce`, by field, as `gifting`.
  std::vector<std::pair<std::string, SourcedNode>> commerce;
  std::vector<std::string> packs_applied;
  // Packs that declare the currency of their amounts (`currency: EUR`), in
  // the order applied: what pack_currency.cc checks against the market's.
  struct PackCurrency {
    std::string pack;
    std::string file;
    SourcedNode declared;  // the pack's `currency` field
  };
  std::vector<PackCurrency> pack_currencies;
};

// Applies `layer` on top of `merged` with the merge rules of docs/markets.md.
void MergeLayer(const Layer& layer, MergedLayers& merged);

// Reads packs from <regions_dir>/common/<name>.yaml once each and resolves
// includes. Owns the file names and YAML trees that SourcedNodes point into,
// so it must outlive every MergedLayers built with it.
class PackLibrary {
 public:
  PackLibrary(std::string common_dir, ErrorSink* sink);
  ~PackLibrary();

  // Applies the packs named by the `includes` list at `includes_node`
  // (depth first: a pack's own includes before the pack; a pack already
  // applied is not applied again). Unknown packs and include cycles are
  // errors at the include item that causes them.
  void ApplyIncludes(const YAML::Node& includes_node, const NodeContext& context,
                     MergedLayers& merged);

  // Files of packs that were read (for error sorting and tests).
  std::vector<std::string> files() const;

  // What the markets of this load share (parse_memo.h); lives as long as
  // the library, like the pack trees its keys point into.
  ParseMemo& memo() { return *memo_; }

 private:
  struct Pack {
    std::string name;
    std::unique_ptr<std::string> file;
    YAML::Node root;
    bool readable = false;
    std::optional<SourcedNode> includes;
    std::optional<SourcedNode> currency;  // of the pack's amounts, when declared
    Layer layer;
  };

  Pack* Find(const std::string& name);
  void ApplyList(const YAML::Node& list, const NodeContext& context,
                 std::vector<std::string>& stack, MergedLayers& merged);
  void Apply(const std::string& name, const YAML::Node& at, const NodeContext& context,
             std::vector<std::string>& stack, MergedLayers& merged);

  std::string common_dir_;
  ErrorSink* sink_;
  std::unique_ptr<ParseMemo> memo_;
  std::map<std::string, std::unique_ptr<Pack>> packs_;
};

}  // namespace mg::regions::internal
