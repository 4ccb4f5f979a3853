#include "market_layers.h"

#include <algorithm>
#include <filesystem>

#include "currency/currency_code.h"
#include "parse_memo.h"

namespace mg::regions::internal {
namespace {

// The merge key of a list item (`id` of a rule, `method` of a payment
// method). Items without a usable key never merge: they get a unique key, and
// their parser reports the missing field.
std::string ItemKey(const YAML::Node& item, const char* key, size_t fallback) {
  if (item.IsMap()) {
    const YAML::Node& const_item = item;
    YAML::Node value = const_item[key];
    if (value.IsDefined() && value.IsScalar()) return value.Scalar();
  }
  return "\x01#" + std::to_string(fallback);
}

template <typename Entries>
auto FindKey(Entries& entries, const std::string& key) {
  return std::find_if(entries.begin(), entries.end(),
                      [&](const auto& entry) { return entry.first == key; });
}

bool IsPackName(const std::string& name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// A later layer's entry replaces the earlier one of the same key, in place.
void ReplaceByKey(const std::vector<std::pair<std::string, SourcedNode>>& layer,
                  std::vector<std::pair<std::string, SourcedNode>>& merged) {
  for (const auto& [key, node] : layer) {
    auto it = FindKey(merged, key);
    if (it != merged.end()) {
      it->second = node;
    } else {
      merged.emplace_back(key, node);
    }
  }
}

}  // namespace

Layer ReadLayer(FieldReader& root) {
  Layer layer;
  const NodeContext& context = root.context();
  if (YAML::Node entity = root.Get("entity"); entity.IsDefined()) {
    layer.entity = SourcedNode{entity, context.Child("entity")};
  }
  if (YAML::Node tax = root.Get("tax"); tax.IsDefined()) {
    FieldReader tax_reader(tax, context.Child("tax"));
    if (YAML::Node rounding = tax_reader.Get("rounding"); rounding.IsDefined()) {
      layer.tax_rounding = SourcedNode{rounding, tax_reader.context().Child("rounding")};
    }
    if (YAML::Node b2b = tax_reader.Get("b2b"); b2b.IsDefined()) {
      layer.tax_b2b = SourcedNode{b2b, tax_reader.context().Child("b2b")};
    }
    if (YAML::Node local = tax_reader.Get("local_taxes"); local.IsDefined()) {
      layer.tax_local_taxes = SourcedNode{local, tax_reader.context().Child("local_taxes")};
    }
    tax_reader.ForEachEntry("classes",
                            [&](const std::string& name, const YAML::Node& node, NodeContext c) {
                              layer.tax_classes.emplace_back(name, SourcedNode{node, c});
                            });
    tax_reader.Finish();
  }
  root.ForEachItem("payment_methods", [&](const YAML::Node& node, NodeContext c) {
    layer.payment_methods.push_back(SourcedNode{node, c});
  });
  root.ForEachItem("rules", [&](const YAML::Node& node, NodeContext c) {
    layer.rules.push_back(SourcedNode{node, c});
  });
  if (YAML::Node ads = root.Get("ads"); ads.IsDefined()) {
    FieldReader ads_reader(ads, context.Child("ads"));
    if (ads_reader.valid()) layer.ads = SourcedNode{ads, context.Child("ads")};
    ads_reader.ForEachEntry("formats",
                            [&](const std::string& name, const YAML::Node& node, NodeContext c) {
                              layer.ad_formats.emplace_back(name, SourcedNode{node, c});
                            });
    if (YAML::Node terms = ads_reader.Get("payment_terms"); terms.IsDefined()) {
      layer.ads_payment_terms = SourcedNode{terms, ads_reader.context().Child("payment_terms")};
    }
    if (YAML::Node days = ads_reader.Get("invoice_terms_days"); days.IsDefined()) {
      layer.ads_invoice_terms_days =
          SourcedNode{days, ads_reader.context().Child("invoice_terms_days")};
    }
    ads_reader.Finish();
  }
  root.ForEachEntry("gifts", [&](const std::string& id, const YAML::Node& node, NodeContext c) {
    layer.gifts.emplace_back(id, SourcedNode{node, c});
  });
  if (YAML::Node gifting = root.Get("gifting"); gifting.IsDefined()) {
    FieldReader gifting_reader(gifting, context.Child("gifting"));
    for (const char* field : {"creator_share", "diamond_value", "rounding", "refund_after_gifts"}) {
      if (YAML::Node node = gifting_reader.Get(field); node.IsDefined()) {
        layer.gifting.emplace_back(field, SourcedNode{node, gifting_reader.context().Child(field)});
      }
    }
    gifting_reader.Finish();
  }
  if (YAML::Node payouts = root.Get("payouts"); payouts.IsDefined()) {
    FieldReader payouts_reader(payouts, context.Child("payouts"));
    for (const char* field :
         {"currency", "minimum", "methods", "withholding", "tax_identity", "rounding"}) {
      if (YAML::Node node = payouts_reader.Get(field); node.IsDefined()) {
        layer.payouts.emplace_back(field, SourcedNode{node, payouts_reader.context().Child(field)});
      }
    }
    payouts_reader.Finish();
  }
  if (YAML::Node commerce = root.Get("commerce"); commerce.IsDefined()) {
    FieldReader commerce_reader(commerce, context.Child("commerce"));
    for (const char* field : {"territory", "tax_collection", "return_window", "holding_period",
                              "categories", "processing_fee", "rounding"}) {
      if (YAML::Node node = commerce_reader.Get(field); node.IsDefined()) {
        layer.commerce.emplace_back(field,
                                    SourcedNode{node, commerce_reader.context().Child(field)});
      }
    }
    commerce_reader.Finish();
  }
  return layer;
}

void MergeLayer(const Layer& layer, MergedLayers& merged) {
  if (layer.entity) merged.entity = layer.entity;
  if (layer.tax_rounding) merged.tax_rounding = layer.tax_rounding;
  if (layer.tax_b2b) merged.tax_b2b = layer.tax_b2b;
  if (layer.tax_local_taxes) merged.tax_local_taxes = layer.tax_local_taxes;
  ReplaceByKey(layer.tax_classes, merged.tax_classes);
  for (const auto& method : layer.payment_methods) {
    std::string key = ItemKey(method.node, "method", merged.payment_methods.size());
    auto it = FindKey(merged.payment_methods, key);
    if (it != merged.payment_methods.end()) {
      it->second = method;
    } else {
      merged.payment_methods.emplace_back(key, method);
    }
  }
  for (const auto& rule : layer.rules) {
    std::string key = ItemKey(rule.node, "id", merged.rules.size());
    auto it = FindKey(merged.rules, key);
    if (it != merged.rules.end()) {
      it->second.push_back(rule);
    } else {
      merged.rules.emplace_back(key, std::vector<SourcedNode>{rule});
    }
  }
  if (layer.ads) merged.ads = layer.ads;
  ReplaceByKey(layer.ad_formats, merged.ad_formats);
  for (const auto& [id, node] : layer.gifts) {
    auto it = FindKey(merged.gifts, id);
    if (it != merged.gifts.end()) {
      it->second.push_back(node);
    } else {
      merged.gifts.emplace_back(id, std::vector<SourcedNode>{node});
    }
  }
  ReplaceByKey(layer.gifting, merged.gifting);
  ReplaceByKey(layer.payouts, merged.payouts);
  ReplaceByKey(layer.commerce, merged.commerce);
  if (layer.ads_payment_terms) merged.ads_payment_terms = layer.ads_payment_terms;
  if (layer.ads_invoice_terms_days) merged.ads_invoice_terms_days = layer.ads_invoice_terms_days;
}

PackLibrary::PackLibrary(std::string common_dir, ErrorSink* sink)
    : common_dir_(std::move(common_dir)), sink_(sink), memo_(std::make_unique<ParseMemo>()) {}

PackLibrary::Pack* PackLibrary::Find(const std::string& name) {
  if (auto it = packs_.find(name); it != packs_.end()) return it->second.get();
  std::filesystem::path path = std::filesystem::path(common_dir_) / (name + ".yaml");
  if (name == "providers" || !IsPackName(name) || !std::filesystem::is_regular_file(path)) {
    return nullptr;
  }
  auto pack = std::make_unique<Pack>();
  pack->name = name;
  pack->file = std::make_unique<std::string>(path.string());
  memo_->pack_files.insert(pack->file.get());
  std::optional<YAML::Node> root = LoadYamlFile(*pack->file, *sink_);
  if (root) {
    pack->root = *root;
    NodeContext context{pack->file.get(), "", sink_};
    FieldReader reader(pack->root, context);
    if (reader.valid()) {
      pack->readable = true;
      std::optional<std::string> declared = reader.RequiredString("pack");
      if (declared && *declared != name) {
        context.Child("pack").Error(
            reader.Get("pack"),
            "pack name '" + *declared + "' must equal the file name '" + name + "'");
      }
      if (YAML::Node includes = reader.Get("includes"); includes.IsDefined()) {
        pack->includes = SourcedNode{includes, context.Child("includes")};
      }
      if (YAML::Node currency = reader.Get("currency"); currency.IsDefined()) {
        if (!currency.IsScalar() || !CurrencyCode::Parse(currency.Scalar()).ok()) {
          context.Child("currency").Error(currency, "expected an ISO 4217 currency code");
        } else {
          pack->currency = SourcedNode{currency, context.Child("currency")};
        }
      }
      pack->layer = ReadLayer(reader);
      reader.Finish();
    }
  }
  Pack* result = pack.get();
  packs_.emplace(name, std::move(pack));
  return result;
}

PackLibrary::~PackLibrary() = default;

void PackLibrary::ApplyIncludes(const YAML::Node& includes_node, const NodeContext& context,
                                MergedLayers& merged) {
  std::vector<std::string> stack;
  ApplyList(includes_node, context, stack, merged);
}

void PackLibrary::ApplyList(const YAML::Node& list, const NodeContext& context,
                            std::vector<std::string>& stack, MergedLayers& merged) {
  if (!list.IsSequence()) {
    context.Error(list, "expected a list of pack names");
    return;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& item = list[i];
    if (!item.IsScalar()) {
      context.Index(i).Error(item, "expected a pack name");
      continue;
    }
    Apply(item.Scalar(), item, context.Index(i), stack, merged);
  }
}

void PackLibrary::Apply(const std::string& name, const YAML::Node& at, const NodeContext& context,
                        std::vector<std::string>& stack, MergedLayers& merged) {
  if (auto it = std::find(stack.begin(), stack.end(), name); it != stack.end()) {
    std::string cycle;
    for (; it != stack.end(); ++it) cycle += *it + " -> ";
    context.Error(at, "include cycle: " + cycle + name);
    return;
  }
  if (std::find(merged.packs_applied.begin(), merged.packs_applied.end(), name) !=
      merged.packs_applied.end()) {
    return;
  }
  Pack* pack = Find(name);
  if (pack == nullptr) {
    context.Error(at, "unknown pack '" + name + "' (no file " +
                          (std::filesystem::path(common_dir_) / (name + ".yaml")).string() + ")");
    return;
  }
  if (!pack->readable) return;
  stack.push_back(name);
  if (pack->includes) ApplyList(pack->includes->node, pack->includes->context, stack, merged);
  stack.pop_back();
  // A cycle below may have applied nothing; apply this pack once regardless.
  if (std::find(merged.packs_applied.begin(), merged.packs_applied.end(), name) ==
      merged.packs_applied.end()) {
    MergeLayer(pack->layer, merged);
    merged.packs_applied.push_back(name);
    if (pack->currency) {
      merged.pack_currencies.push_back({name, *pack->file, *pack->currency});
    }
  }
}

std::vector<std::string> PackLibrary::files() const {
  std::vector<std::string> files;
  for (const auto& [name, pack] : packs_) files.push_back(*pack->file);
  return files;
}

}  // namespace mg::regions::internal
