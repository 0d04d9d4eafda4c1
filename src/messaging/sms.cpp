#include "messaging/sms.hpp"

namespace kp::messaging {

Result<std::unique_ptr<SmsGateway>> make_sms_gateway(const std::string& name) {
  if (name.empty() || name == "none") return std::unique_ptr<SmsGateway>();
  // No provider is built in yet; one is added here as a class implementing SmsGateway.
  return invalid("unknown SMS gateway (only \"none\" is built in)", "sms_gateway");
}

}  // namespace kp::messaging
