// What a JSON Schema declares and what the loaders read, as comparable sets
// of fields, for the tests that keep the two in step (issue 13: "a field the
// loader accepts is in the schema, and the reverse").
//
// A field is (shape, key): the mapping at `shape` has the field `key`. Shapes
// write list items as [] and entries of data-keyed maps as {}:
// ("catalog.coin_packs[]", "price"), ("subdivisions.{}", "name").
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/yaml_reader.h"

namespace mg::testing {

using Field = std::pair<std::string, std::string>;  // (shape, key)
using FieldSet = std::set<Field>;

boost::json::value ReadJsonFile(const std::string& file);

// The fields declared under the subschema at JSON Pointer `pointer` ("" for
// the root, "/$defs/market"): every `properties` key, following local $ref,
// allOf/anyOf/oneOf and then/else at the same shape, `items` into [] and
// additionalProperties/patternProperties into {}.
FieldSet SchemaFields(const boost::json::value& schema, const std::string& pointer);

// Records what every FieldReader asks for while it lives (installed on
// construction, removed on destruction), by the reader's file. Not
// thread-safe: the loaders read fields on the loading thread only.
class RecordedFields : public FieldRecorder {
 public:
  RecordedFields();
  ~RecordedFields() override;
  RecordedFields(const RecordedFields&) = delete;
  RecordedFields& operator=(const RecordedFields&) = delete;

  void Record(const std::string& file, const std::string& shape, const std::string& key) override;

  // The fields read in the files for which `which` is true.
  FieldSet Of(const std::function<bool(const std::string& file)>& which) const;

 private:
  FieldRecorder* previous_;
  std::map<std::string, FieldSet> by_file_;
};

// The loaders read some maps entry by entry (ForEachEntry: tax.classes) where
// the schema names each allowed key (virtual_currency, ...). Rewrites the
// schema's fields below such maps to {} as the loader sees them, and moves
// the names themselves to `entry_names` (map shape -> names) for a separate
// check. Such maps are the shapes followed by {} in `loader`.
struct FoldedSchema {
  FieldSet fields;
  std::map<std::string, std::set<std::string>> entry_names;
};
FoldedSchema FoldEntryMaps(const FieldSet& schema, const FieldSet& loader);

// The fields of `a` not in `b`, as "shape: key" lines for failure messages.
std::vector<std::string> Minus(const FieldSet& a, const FieldSet& b);

// "a, b, c" (the lists in the loaders' error messages) as {a, b, c}.
std::vector<std::string> SplitList(const std::string& list);

// The fields at `shape` exactly, or everywhere else.
FieldSet AtShape(const FieldSet& fields, const std::string& shape);
FieldSet NotAtShape(const FieldSet& fields, const std::string& shape);

}  // namespace mg::testing
