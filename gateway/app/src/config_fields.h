// Internal to the config loader: typed fields with ranges, on top of the
// FieldReader, shared by the readers of the config's sections.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "base/yaml_reader.h"

namespace mg::app {

// The mapping at `key`, to read its fields; nullopt when absent or null, or
// when it is not a mapping (an error is then reported).
std::optional<FieldReader> OptionalSection(FieldReader& parent, const std::string& key);

// The integer at `key`, or `fallback` when absent; outside [min, max]: an
// error at the field and `fallback`.
int ReadIntInRange(FieldReader& reader, const std::string& key, int fallback, int64_t min,
                   int64_t max);

// A duration in milliseconds at `key` (named *_ms), at least `min`; absent:
// `field` keeps its default.
void ReadMillis(FieldReader& reader, const std::string& key, std::chrono::milliseconds& field,
                int64_t min);

// A byte or count limit at `key`, at least `min`; absent: `field` keeps its default.
void ReadSize(FieldReader& reader, const std::string& key, size_t& field, int64_t min);

}  // namespace mg::app
