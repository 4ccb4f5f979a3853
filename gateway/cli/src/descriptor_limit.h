// Internal to `marketgate serve`: every connection is a file descriptor, and
// the usual soft limit (1024) is below what limits.max_connections admits, so
// the process raises its soft limit towards the hard one at startup, as
// servers commonly do, and says so when even that is too low.
#pragma once

#include <cstddef>
#include <string>

namespace mg::cli {

struct DescriptorLimit {
  size_t soft = 0;      // after raising
  bool enough = false;  // soft >= needed
};

// Raises RLIMIT_NOFILE's soft limit to `needed`, or as far as the hard limit allows.
DescriptorLimit RaiseDescriptorLimit(size_t needed);

}  // namespace mg::cli
