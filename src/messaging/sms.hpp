// The SMS gateway interface. Norwegian municipalities buy SMS from different providers
// (Link Mobility, Sveve, their own SMS service…); each is one class implementing SmsGateway,
// chosen by the setting sms_gateway. "none" (the default) keeps SMS queued in the outbox.
#pragma once
#include <memory>
#include <string>

#include "core/result.hpp"

namespace kp::messaging {

class SmsGateway {
 public:
  virtual ~SmsGateway() = default;
  // Sends `text` (UTF-8) to `number` ("+4741234567", as phone::normalise returns it).
  // Return an Error of kind `invalid` when this message can never be delivered (bad number,
  // refused text): the outbox marks it failed. Any other Error is retried later with backoff.
  // Error::detail must not hold the number or the text. Called from the job thread only.
  virtual Status send(const std::string& number, const std::string& text) = 0;
};

// The gateway the setting names, or nullptr for "none" (SMS stay queued). An unknown name is
// an invalid Error for the setting sms_gateway.
Result<std::unique_ptr<SmsGateway>> make_sms_gateway(const std::string& name);

}  // namespace kp::messaging
