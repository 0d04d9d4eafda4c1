#include "web/context.hpp"

#include "core/crypto.hpp"

namespace kp::web {

std::string Context::field(std::string_view name) const {
  return std::string(http::find(form, name).value_or(""));
}

const std::string& Context::csrf_token() const {
  if (!csrf_token_.empty()) return csrf_token_;
  if (csrf_source.empty()) {
    const std::string fresh = crypto::random_token(18);
    const_cast<Context*>(this)->csrf_source = "a:" + fresh;
    std::string cookie = "kp_csrf=" + fresh + "; Path=/; HttpOnly; SameSite=Lax";
    if (secure_cookies) cookie += "; Secure";
    set_cookies.emplace_back("kp_csrf", std::move(cookie));
  }
  csrf_token_ = crypto::base64url(crypto::hmac_sha256(csrf_key, csrf_source));
  return csrf_token_;
}

std::string Context::query(std::string_view name) const {
  return std::string(req.query_param(name).value_or(""));
}

}  // namespace kp::web
