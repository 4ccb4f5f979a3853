// What identifies a compliance run for an auditor: the exact rule set it ran
// against and the code version that ran it.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace mg::compliance {

// SHA-256 (hex) over the YAML files of a regions directory (common/ and
// markets/, cases included), each fed as its path relative to `regions_dir`,
// a NUL, its size, a NUL and its bytes, in sorted path order. The same files
// give the same fingerprint on any machine. Errors: unreadable directory or
// file (kNotFound / kInternal).
Result<std::string> RulesetFingerprint(const std::string& regions_dir);

// The YAML files the fingerprint covers, relative to `regions_dir`, sorted.
std::vector<std::string> RulesetFiles(const std::string& regions_dir);

// `git rev-parse HEAD` run in `dir`; "unknown" when `dir` is not inside a git
// checkout or git is unavailable.
std::string GitCommitOf(const std::string& dir);

}  // namespace mg::compliance
