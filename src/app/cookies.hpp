// Cookie names and attributes in one place: HttpOnly and SameSite=Lax always, Secure unless
// plain-HTTP development is configured, and the __Host- prefix for the session when Secure.
#pragma once
#include <string>

#include "app/settings.hpp"

namespace kp::app {

std::string session_cookie_name(const Settings& s);
// A Set-Cookie header value; max_age_seconds 0 → a browser-session cookie, < 0 → delete.
std::string cookie_header(const Settings& s, const std::string& name, const std::string& value,
                          long max_age_seconds);

}  // namespace kp::app
