#include "app/cookies.hpp"

namespace kp::app {

std::string session_cookie_name(const Settings& s) {
  return s.plain_http ? "kp_session" : "__Host-kp_session";
}

std::string cookie_header(const Settings& s, const std::string& name, const std::string& value,
                          long max_age_seconds) {
  std::string h = name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
  if (!s.plain_http) h += "; Secure";
  if (max_age_seconds > 0) h += "; Max-Age=" + std::to_string(max_age_seconds);
  if (max_age_seconds < 0) h += "; Max-Age=0";
  return h;
}

}  // namespace kp::app
