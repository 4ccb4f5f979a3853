// `gifts`: the LIVE gift catalog (docs/markets.md, "Gifts"). A gift may be
// declared by several layers (a pack, then the market): each declaration
// replaces the fields it sets and adds the names it gives, so a market can
// name a pack's gift in its own language or switch it off without restating
// it. The merged gift is then checked against the market's locales.
#include "currency/money_format.h"
#include "section_parsers.h"

namespace mg::regions::internal {
namespace {

// The most coins one gift may cost: far above any real gift, low enough that
// a quantity of them cannot overflow a wallet.
constexpr int64_t kMaxGiftCoins = 1'000'000;

bool IsGiftId(const std::string& id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// The language of a tag ("pt" of "pt-BR").
std::string LanguageOf(const std::string& tag) { return tag.substr(0, tag.find('-')); }

// A gift as its declarations build it up, with where each field was set
// last, for the errors found once all are read.
struct GiftDraft {
  Gift gift;
  std::optional<int64_t> coins;
  std::optional<bool> available;
  std::optional<std::string> reason;
  std::optional<SourcedNode> last;          // the last declaration
  std::optional<SourcedNode> reason_field;  // where unavailable_reason was set
  std::optional<SourcedNode> names_field;   // where names were last given
  bool ok = true;
};

void ReadNames(FieldReader& reader, GiftDraft& draft) {
  reader.ForEachEntry("names", [&](const std::string& tag, const YAML::Node& node, NodeContext c) {
    if (!ValidateLocale(tag).ok()) {
      c.Error(node, "'" + tag + "' is not a locale tag or language ICU knows");
      draft.ok = false;
    } else if (!node.IsScalar() || node.Scalar().empty()) {
      c.Error(node, "expected the gift's name in '" + tag + "'");
      draft.ok = false;
    } else {
      draft.gift.names[tag] = node.Scalar();
    }
  });
  if (reader.Has("names")) {
    draft.names_field = SourcedNode{reader.Get("names"), reader.context().Child("names")};
  }
}

void ReadDeclaration(const SourcedNode& declared, GiftDraft& draft) {
  FieldReader reader(declared.node, declared.context);
  draft.last = declared;
  if (!reader.valid()) {
    draft.ok = false;
    return;
  }
  if (std::optional<int64_t> coins = reader.OptionalInt("coins")) {
    if (*coins <= 0 || *coins > kMaxGiftCoins) {
      reader.context().Child("coins").Error(reader.Get("coins"),
                                            "a gift costs 1 to " + std::to_string(kMaxGiftCoins) +
                                                " coins, not " + std::to_string(*coins));
      draft.ok = false;
    }
    draft.coins = coins;
  }
  if (std::optional<bool> available = reader.OptionalBool("available")) {
    draft.available = available;
  }
  if (std::optional<std::string> reason = reader.OptionalString("unavailable_reason")) {
    draft.reason = reason;
    draft.reason_field =
        SourcedNode{reader.Get("unavailable_reason"), reader.context().Child("unavailable_reason")};
  }
  ReadNames(reader, draft);
  reader.Finish();
}

// The merged gift's own rules; errors at the declaration that broke them.
std::optional<Gift> Finish(GiftDraft& draft, const std::vector<std::string>& locales) {
  Gift& gift = draft.gift;
  const SourcedNode& last = *draft.last;
  gift.available = draft.available.value_or(true);
  if (!gift.available && (!draft.reason || draft.reason->empty())) {
    last.context.Child("unavailable_reason")
        .Error(last.node, "a gift that is not available needs unavailable_reason");
    draft.ok = false;
  } else if (gift.available && draft.reason) {
    draft.reason_field->context.Error(draft.reason_field->node,
                                      "only a gift with available: false has a reason");
    draft.ok = false;
  }
  gift.unavailable_reason = draft.reason.value_or("");
  gift.coins = draft.coins.value_or(0);
  if (!gift.available) return draft.ok ? std::optional<Gift>(gift) : std::nullopt;
  if (!draft.coins) {
    last.context.Child("coins").Error(last.node, "required field 'coins' is missing");
    draft.ok = false;
  }
  // Every locale of the market has a name: its exact tag or its language.
  const SourcedNode& names_at = draft.names_field ? *draft.names_field : last;
  for (const std::string& locale : locales) {
    if (gift.names.count(locale) > 0 || gift.names.count(LanguageOf(locale)) > 0) continue;
    (draft.names_field ? names_at.context : last.context.Child("names"))
        .Error(names_at.node, "gift '" + gift.id + "' has no name for the market's locale '" +
                                  locale + "' (add names." + LanguageOf(locale) + " or names." +
                                  locale + ")");
    draft.ok = false;
  }
  return draft.ok ? std::optional<Gift>(gift) : std::nullopt;
}

}  // namespace

std::vector<Gift> ParseGifts(const MergedLayers& merged, const std::vector<std::string>& locales) {
  std::vector<Gift> gifts;
  for (const auto& [id, declarations] : merged.gifts) {
    if (!IsGiftId(id)) {
      declarations.front().context.Error(
          declarations.front().node,
          "gift id '" + id + "' must be 1-40 lower-case letters, digits or _");
      continue;
    }
    GiftDraft draft;
    draft.gift.id = id;
    for (const SourcedNode& declared : declarations) ReadDeclaration(declared, draft);
    if (std::optional<Gift> gift = Finish(draft, locales)) gifts.push_back(std::move(*gift));
  }
  return gifts;
}

}  // namespace mg::regions::internal
