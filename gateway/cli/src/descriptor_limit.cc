#include "descriptor_limit.h"

#include <sys/resource.h>

#include <algorithm>

namespace mg::cli {

DescriptorLimit RaiseDescriptorLimit(size_t needed) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return {};
  if (limit.rlim_cur < needed && limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur =
        limit.rlim_max == RLIM_INFINITY ? needed : std::min<rlim_t>(needed, limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return {static_cast<size_t>(limit.rlim_cur), limit.rlim_cur >= needed};
}

}  // namespace mg::cli
