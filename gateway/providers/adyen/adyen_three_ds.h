// 3-D Secure 2 on Adyen's Checkout API v71: the in-session request fields,
// what an answer says about authentication, and the two refusals that are
// about authentication. Pure mapping, no I/O.
//
// Field names and values are from Adyen's published OpenAPI spec,
// Adyen/adyen-openapi@aa014f0cbdb58ff5c44a2ff9d5fe734642210aff
// json/CheckoutService-v71.json: PaymentRequest (shopperInteraction,
// recurringProcessingModel, channel, origin, browserInfo, shopperIP,
// returnUrl, authenticationData, threeDS2RequestData, additionalData),
// AuthenticationData, ThreeDSRequestData, ThreeDS2RequestFields,
// AdditionalData3DSecure.scaExemption, ResponseAdditionalDataCommon
// (threeDAuthenticated), ResponseAdditionalData3DSecure
// (scaExemptionRequested), ThreeDS2Result (transStatus,
// exemptionIndicator), PaymentCompletionDetails (redirectResult,
// threeDSResult). The refusals: https://docs.adyen.com/development-resources/refusal-reasons
// ("Authentication Required": the issuer declined the exemption and
// requires authentication, retry with 3D Secure; "3D Not Authenticated").
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/providers/payment_provider.h"

namespace mg::providers::adyen {

// Adds to a card's /payments `body` what `request.sca` asks:
//  * kNone: nothing (the caller keeps ContAuth/CardOnFile).
//  * kAuthenticate / kLowValueExemption: the shopper is in session:
//    shopperInteraction Ecommerce, recurringProcessingModel CardOnFile,
//    channel Web, origin, browserInfo (non-empty members), shopperIP, and
//    authenticationData.threeDSRequestData.nativeThreeDS "preferred".
//  * kAuthenticate adds authenticationData.attemptAuthentication "always";
//    `after_soft_decline` (the issuer has said it requires authentication)
//    also threeDS2RequestData.threeDSRequestorChallengeInd "04" (challenge
//    requested: mandate).
//  * kLowValueExemption adds additionalData.scaExemption "lowValue".
// kInvalidArgument without a return_url: the 3-D Secure redirect and the
// challenge return there.
mg::Status AddScaFields(const AuthorizeRequest& request, bool after_soft_decline,
                        boost::json::object& body);

// The request for the one retry after a soft decline: the same payment with
// 3-D Secure asked (kAuthenticate, no exemption) and a new idempotency key
// derived from the first (AuthenticationRetryKey), so that a replay of
// either call answers as before.
AuthorizeRequest AuthenticationRetryOf(const AuthorizeRequest& first);
std::string AuthenticationRetryKey(std::string_view first_key);

// What an Authorised answer says about authentication:
//  * threeDS2Result.exemptionIndicator set: the issuer applied that
//    exemption -> kExempted;
//  * additionalData.threeDAuthenticated "true" or threeDS2Result.transStatus
//    "Y" -> kAuthenticated;
//  * additionalData.scaExemptionRequested set (Adyen asked for an exemption
//    and the payment was authorised without authentication) -> kExempted;
//  * else kNone. An exemption value this code does not know is kNone.
void ApplyAuthentication(const boost::json::object& answer, PaymentResult& r);

// The decline of a Refused answer that is about authentication, from
// refusalReasonCode and refusalReason: "38"/"Authentication required" ->
// kAuthenticationRequired (soft decline); "11"/"3D Not Authenticated" or a
// "3d-secure: ..." reason -> kAuthenticationFailed. nullopt otherwise.
std::optional<DeclineReason> ThreeDsDeclineOf(std::string_view code, std::string_view reason);

// "lowValue" -> "low_value", ...; "" for a value this code does not know.
std::string ExemptionName(std::string_view adyen_value);

}  // namespace mg::providers::adyen
