// Secret now lives in gateway/secret.h, shared by the HTTP layer, the config
// and the provider adapters; this header keeps the adapters' includes valid.
#pragma once

#include "gateway/secret.h"
