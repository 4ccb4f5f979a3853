// `gifting` (docs/markets.md, "Gifting"): the creator's share of a gift,
// what a diamond is worth and what a refund does to coins already gifted. Each figure carries its
// basis, so that nobody mistakes a commercial term for a fact of law or the other way round.
#include "section_parsers.h"

namespace mg::regions::internal {
namespace {

// The most decimals of a diamond's value: finer than any currency's minor
// unit ("0.005" USD), coarse enough that diamonds * value stays exact.
constexpr int kMaxValueDecimals = 6;

std::optional<GiftingFigure> ReadShare(const SourcedNode& declared) {
  FieldReader reader(declared.node, declared.context);
  if (!reader.valid()) return std::nullopt;
  std::optional<Decimal> percent = ReadRate(reader, "percent");
  std::optional<std::string> basis = RequiredText(reader, "basis");
  reader.Finish();
  if (percent && percent->coefficient == 0) {
    reader.context().Child("percent").Error(reader.Get("percent"),
                                            "a creator share of 0 % pays creators nothing; "
                                            "leave creator_share out to turn gifting off");
    return std::nullopt;
  }
  if (!percent || !basis) return std::nullopt;
  return GiftingFigure{*percent, *basis};
}

std::optional<GiftingFigure> ReadDiamondValue(const SourcedNode& declared) {
  FieldReader reader(declared.node, declared.context);
  if (!reader.valid()) return std::nullopt;
  std::optional<std::string> amount = reader.RequiredString("amount");
  std::optional<std::string> basis = RequiredText(reader, "basis");
  reader.Finish();
  if (!amount || !basis) return std::nullopt;
  Result<Decimal> value = Decimal::Parse(*amount);
  const NodeContext at = reader.context().Child("amount");
  if (!value.ok() || value->coefficient <= 0) {
    at.Error(reader.Get("amount"),
             "expected a positive amount in the market's currency such as \"0.005\", found '" +
                 *amount + "'");
    return std::nullopt;
  }
  if (value->scale > kMaxValueDecimals) {
    at.Error(reader.Get("amount"), "amount '" + *amount + "' has more than " +
                                       std::to_string(kMaxValueDecimals) + " decimals");
    return std::nullopt;
  }
  return GiftingFigure{*value, *basis};
}

std::optional<RefundAfterGiftsPolicy> ReadRefundAfterGifts(const SourcedNode& declared) {
  FieldReader reader(declared.node, declared.context);
  if (!reader.valid()) return std::nullopt;
  std::optional<std::string> policy = reader.RequiredString("policy");
  std::optional<std::string> basis = RequiredText(reader, "basis");
  reader.Finish();
  if (!policy || !basis) return std::nullopt;
  for (RefundAfterGifts known : {RefundAfterGifts::kPlatformAbsorbs, RefundAfterGifts::kUnspentOnly,
                                 RefundAfterGifts::kClawBackDiamonds}) {
    if (*policy == RefundAfterGiftsName(known)) return RefundAfterGiftsPolicy{known, *basis};
  }
  reader.context().Child("policy").Error(
      reader.Get("policy"),
      "expected platform_absorbs, unspent_only or claw_back_diamonds, found '" + *policy + "'");
  return std::nullopt;
}

}  // namespace

Gifting ParseGifting(const MergedLayers& merged) {
  Gifting gifting;
  for (const auto& [field, declared] : merged.gifting) {
    if (field == "creator_share") {
      gifting.creator_share_percent = ReadShare(declared);
    } else if (field == "diamond_value") {
      gifting.diamond_value = ReadDiamondValue(declared);
    } else if (field == "refund_after_gifts") {
      gifting.refund_after_gifts = ReadRefundAfterGifts(declared);
    } else {  // rounding (market_layers.cc reads no other field)
      Result<RoundingMode> mode = declared.node.IsScalar()
                                      ? ParseRoundingMode(declared.node.Scalar())
                                      : Result<RoundingMode>(InvalidArgument("not a scalar"));
      if (mode.ok()) {
        gifting.rounding = *mode;
      } else {
        declared.context.Error(declared.node,
                               "expected a rounding mode: half_up, half_even, down or up");
      }
    }
  }
  return gifting;
}

}  // namespace mg::regions::internal
