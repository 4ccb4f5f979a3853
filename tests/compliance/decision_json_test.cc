// Covers compliance/src/decision_json.cc and decision.cc.
#include "compliance/decision_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace mg::compliance {
namespace {

TEST(DecisionJsonTest, RequirementsAndChecks) {
  Decision decision;
  decision.outcome = DecisionOutcome::kAllowWithRequirements;
  decision.reason = "SCA and label";
  Requirement sca;
  sca.type = RequirementType::kSca;
  sca.rule_id = "eu.psd2.sca";
  sca.regime = "psd2";
  sca.reason = "r1";
  Requirement label;
  label.type = RequirementType::kDisclosureLabel;
  label.rule_id = "eu.dsa.ad_disclosure";
  label.label = "Werbung";
  label.locale = "de-DE";
  label.reason = "r2";
  decision.requirements = {sca, label};
  decision.checks = {
      {"market.status", "market_status", CheckOutcome::kPass, "market DE is live", "", "DE.yaml",
       true},
      {"platform.age.goods", "age_gate", CheckOutcome::kNotApplicable, "n/a", "L", "S", false}};

  boost::json::object json = DecisionToJson(decision);
  EXPECT_EQ(json["outcome"], "allow_with_requirements");
  EXPECT_EQ(json["reason"], "SCA and label");
  const auto& requirements = json["requirements"].as_array();
  ASSERT_EQ(requirements.size(), 2u);
  EXPECT_EQ(requirements[0].at("type"), "sca");
  EXPECT_EQ(requirements[0].at("regime"), "psd2");
  EXPECT_FALSE(requirements[0].as_object().contains("label"));
  EXPECT_EQ(requirements[1].at("type"), "disclosure_label");
  EXPECT_EQ(requirements[1].at("label"), "Werbung");
  EXPECT_EQ(requirements[1].at("locale"), "de-DE");
  const auto& checks = json["checks"].as_array();
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].at("rule_id"), "market.status");
  EXPECT_EQ(checks[0].at("outcome"), "pass");
  EXPECT_EQ(checks[0].at("verified"), true);
  EXPECT_EQ(checks[0].at("legal_reference"), "");
  EXPECT_EQ(checks[0].at("source"), "DE.yaml");
}

// Rules that govern other requests are named in rule order, not explained;
// every rule that governed the request keeps its reason and source.
TEST(DecisionJsonTest, RulesThatDoNotApplyAreOnlyNamed) {
  Decision decision;
  decision.outcome = DecisionOutcome::kDeny;
  decision.checks = {
      {"platform.age.ads", "age_gate", CheckOutcome::kNotApplicable, "n/a", "L1", "S1", true},
      {"platform.age.coins", "age_gate", CheckOutcome::kFail, "too young", "L2", "S2", true},
      {"eu.dsa.targeting", "ad_targeting", CheckOutcome::kNotApplicable, "n/a", "L3", "S3", true},
      {"eu.psd2.sca", "sca", CheckOutcome::kRequirement, "above 30 EUR", "L4", "S4", false}};

  boost::json::object json = DecisionToJson(decision);
  const auto& checks = json["checks"].as_array();
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].at("rule_id"), "platform.age.coins");
  EXPECT_EQ(checks[0].at("outcome"), "fail");
  EXPECT_EQ(checks[0].at("reason"), "too young");
  EXPECT_EQ(checks[1].at("rule_id"), "eu.psd2.sca");
  EXPECT_EQ(checks[1].at("outcome"), "requirement");
  EXPECT_EQ(checks[1].at("source"), "S4");
  EXPECT_EQ(json["not_applicable"], (boost::json::array{"platform.age.ads", "eu.dsa.targeting"}));
}

TEST(DecisionJsonTest, DenyHasEmptyRequirements) {
  Decision decision;
  decision.outcome = DecisionOutcome::kDeny;
  boost::json::object json = DecisionToJson(decision);
  EXPECT_EQ(json["outcome"], "deny");
  EXPECT_TRUE(json["requirements"].as_array().empty());
  EXPECT_TRUE(json["checks"].as_array().empty());
  EXPECT_TRUE(json["not_applicable"].as_array().empty());
}

TEST(DecisionNamesTest, RoundTrip) {
  for (auto outcome :
       {DecisionOutcome::kAllow, DecisionOutcome::kDeny, DecisionOutcome::kAllowWithRequirements}) {
    EXPECT_EQ(DecisionOutcomeFromName(DecisionOutcomeName(outcome)), outcome);
  }
  for (auto type : {RequirementType::kSca, RequirementType::kDisclosureLabel,
                    RequirementType::kAgeVerification}) {
    EXPECT_EQ(RequirementTypeFromName(RequirementTypeName(type)), type);
  }
  EXPECT_FALSE(DecisionOutcomeFromName("maybe"));
  EXPECT_STREQ(CheckOutcomeName(CheckOutcome::kRequirement), "requirement");
}

}  // namespace
}  // namespace mg::compliance
