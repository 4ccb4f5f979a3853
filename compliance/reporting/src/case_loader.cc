// Strict loading of XX.cases.yaml files.
#include <filesystem>
#include <set>

#include "base/yaml_reader.h"
#include "compliance/reporting/cases.h"
#include "compliance/request_parser.h"

namespace mg::compliance {
namespace {

using mg::FieldReader;
using mg::NodeContext;

std::string MarketOfCaseFile(const std::string& file) {
  std::string name = std::filesystem::path(file).filename().string();
  const std::string suffix = ".cases.yaml";
  if (name.size() <= suffix.size() ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return "";
  }
  return name.substr(0, name.size() - suffix.size());
}

// An amount as written; YAML numbers are refused like in market files.
std::optional<std::string> ReadAmount(FieldReader& reader, const std::string& key, bool required) {
  std::optional<std::string> text =
      required ? reader.RequiredString(key) : reader.OptionalString(key);
  if (!text) return std::nullopt;
  YAML::Node node = reader.Get(key);
  if (node.Tag() == "?") {
    reader.context().Child(key).Error(node, "amount " + *text + " must be a quoted string (\"" +
                                                *text + "\"), not a YAML number");
    return std::nullopt;
  }
  Result<Decimal> decimal = Decimal::Parse(*text);
  if (!decimal.ok()) {
    reader.context().Child(key).Error(node, decimal.status().message());
    return std::nullopt;
  }
  return text;
}

void ReadTotals(FieldReader& expect, CaseExpectation& expectation) {
  YAML::Node node = expect.Get("totals");
  if (!node.IsDefined()) return;
  FieldReader totals(node, expect.context().Child("totals"));
  if (!totals.valid()) return;
  expectation.subtotal = ReadAmount(totals, "subtotal", false);
  expectation.tax = ReadAmount(totals, "tax", false);
  expectation.total = ReadAmount(totals, "total", false);
  totals.Finish();
}

void ReadTaxLines(FieldReader& expect, CaseExpectation& expectation) {
  std::vector<ExpectedTaxLine> lines;
  bool present = expect.ForEachItem("tax_lines", [&](const YAML::Node& node, NodeContext context) {
    FieldReader line(node, context);
    if (!line.valid()) return;
    ExpectedTaxLine expected;
    expected.name = line.RequiredString("name").value_or("");
    expected.rate = line.RequiredString("rate").value_or("");
    if (!expected.rate.empty() && !Decimal::Parse(expected.rate).ok()) {
      context.Child("rate").Error(line.Get("rate"),
                                  "rate '" + expected.rate + "' is not a decimal");
    }
    expected.amount = ReadAmount(line, "amount", true).value_or("");
    line.Finish();
    lines.push_back(std::move(expected));
  });
  if (present) expectation.tax_lines = std::move(lines);
}

void ReadOrder(FieldReader& expect, CaseExpectation& expectation) {
  YAML::Node node = expect.Get("order");
  if (!node.IsDefined()) return;
  FieldReader order(node, expect.context().Child("order"));
  if (!order.valid()) return;
  expectation.remitted_by = order.OptionalEnum("remitted_by", {"platform", "seller"});
  expectation.seller_payable = ReadAmount(order, "seller_payable", false);
  expectation.creator_payable = ReadAmount(order, "creator_payable", false);
  expectation.platform_revenue = ReadAmount(order, "platform_revenue", false);
  order.Finish();
}

void CheckNames(FieldReader& reader, const std::string& key, const std::vector<std::string>& names,
                const std::function<bool(const std::string&)>& known, const std::string& expected) {
  YAML::Node list = reader.Get(key);
  for (size_t i = 0; i < names.size(); ++i) {
    if (!known(names[i])) {
      reader.context().Child(key).Index(i).Error(
          list[i], "unknown value '" + names[i] + "'; expected " + expected);
    }
  }
}

std::optional<CaseExpectation> ReadExpectation(const YAML::Node& node, NodeContext context) {
  FieldReader expect(node, context);
  if (!expect.valid()) return std::nullopt;
  CaseExpectation expectation;
  std::optional<std::string> decision =
      expect.RequiredEnum("decision", {"allow", "deny", "allow_with_requirements"});
  if (decision) expectation.decision = *DecisionOutcomeFromName(*decision);
  expectation.requirements = expect.OptionalStringList("requirements");
  if (expectation.requirements) {
    CheckNames(
        expect, "requirements", *expectation.requirements,
        [](const std::string& name) { return RequirementTypeFromName(name).has_value(); },
        "sca, disclosure_label or age_verification");
  }
  expectation.fired = expect.OptionalStringList("fired").value_or(std::vector<std::string>{});
  expectation.passed = expect.OptionalStringList("passed").value_or(std::vector<std::string>{});
  expectation.labels = expect.OptionalStringList("labels");
  ReadTotals(expect, expectation);
  ReadTaxLines(expect, expectation);
  ReadOrder(expect, expectation);
  expect.Finish();
  return expectation;
}

std::optional<QuoteRequest> ReadRequest(const YAML::Node& node, const NodeContext& context,
                                        const std::string& market) {
  if (!node.IsMap()) {
    context.Error(node, "expected a mapping with the request");
    return std::nullopt;
  }
  Result<QuoteRequest> request = ParseQuoteRequestYaml(node, market);
  if (request.ok()) return *request;
  Status status = request.status();
  NodeContext where = status.param().empty() ? context : context.Child(status.param());
  where.Error(FindYamlNode(node, status.param()), status.message());
  return std::nullopt;
}

// The cases of `file` from its YAML, `load`ed once the name is known to be
// right (LoadYamlFile, or the text given to ParseCaseFile).
template <typename LoadYaml>
std::optional<CaseFile> ReadCaseFile(const std::string& file, LoadYaml load, mg::ErrorSink& sink) {
  size_t errors_before = sink.size();
  CaseFile case_file;
  case_file.file = file;
  case_file.market = MarketOfCaseFile(file);
  if (case_file.market.empty()) {
    sink.Add(mg::LoadError{file, 0, 0, "", "a case file is named XX.cases.yaml"});
    return std::nullopt;
  }
  std::optional<YAML::Node> root = load();
  if (!root) return std::nullopt;
  NodeContext context{&case_file.file, "", &sink};
  FieldReader top(*root, context);
  std::set<std::string> ids;
  top.ForEachItem(
      "cases",
      [&](const YAML::Node& node, NodeContext item_context) {
        FieldReader reader(node, item_context);
        if (!reader.valid()) return;
        ComplianceCase test_case;
        test_case.line = node.Mark().line + 1;
        test_case.id = reader.RequiredString("id").value_or("");
        if (!test_case.id.empty() && !ids.insert(test_case.id).second) {
          item_context.Child("id").Error(reader.Get("id"),
                                         "duplicate case id '" + test_case.id + "'");
        }
        test_case.description = reader.RequiredString("description").value_or("");
        YAML::Node request = reader.Get("request");
        std::optional<QuoteRequest> parsed;
        if (!request.IsDefined()) {
          item_context.Child("request").Error(node, "required field 'request' is missing");
        } else {
          parsed = ReadRequest(request, item_context.Child("request"), case_file.market);
        }
        YAML::Node expect = reader.Get("expect");
        std::optional<CaseExpectation> expectation;
        if (!expect.IsDefined()) {
          item_context.Child("expect").Error(node, "required field 'expect' is missing");
        } else {
          expectation = ReadExpectation(expect, item_context.Child("expect"));
        }
        reader.Finish();
        if (!parsed || !expectation) return;
        test_case.request = std::move(*parsed);
        test_case.expect = std::move(*expectation);
        case_file.cases.push_back(std::move(test_case));
      },
      /*required=*/true);
  top.Finish();
  if (sink.size() != errors_before) return std::nullopt;
  return case_file;
}

}  // namespace

std::optional<CaseFile> LoadCaseFile(const std::string& file, mg::ErrorSink& sink) {
  return ReadCaseFile(
      file, [&] { return mg::LoadYamlFile(file, sink); }, sink);
}

std::optional<CaseFile> ParseCaseFile(const std::string& file, std::string_view text,
                                      mg::ErrorSink& sink) {
  return ReadCaseFile(
      file, [&] { return mg::LoadYamlText(file, std::string(text), sink); }, sink);
}

}  // namespace mg::compliance
