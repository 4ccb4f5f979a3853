// The VAT registries' stand-in (docs/vat-check.md): VIES's REST check and
// HMRC's "Check a UK VAT number" v2.0 with its OAuth token, under
// /registries/vies/... and /registries/hmrc/....
#pragma once

#include "gateway/sandbox/emulator.h"

namespace mg::sandbox {

// `request.path` without the "/registries" prefix:
//   POST /vies/check-vat-number                                  VIES REST
//   POST /hmrc/oauth/token                                       client_credentials
//   GET  /hmrc/organisations/vat/check-vat-number/lookup/{vrn}   HMRC v2.0
//   GET  /_sandbox/requests   how many of each this server answered (tests)
//
// A number is registered when its check digits are valid (the offline
// checker's), it is not a listed deregistered test number, and it is not a
// magic number:
//   deregistered: DE200000005, DE200000013, XI200000081 (VIES),
//                 GB200000081 (HMRC)
//   DE301000004: VIES answers MS_UNAVAILABLE (with HTTP 200, as VIES may)
//   GB301000067: HMRC answers 500 INTERNAL_SERVER_ERROR
// Made-up numbers with valid check digits, reserved here for tests.
// HMRC's token endpoint accepts any client_id with any client_secret except
// "wrong-secret" (401 invalid_client); a lookup needs a token it issued.
SandboxResponse HandleVatRegistries(const SandboxRequest& request, EmulatorContext& ctx);

}  // namespace mg::sandbox
