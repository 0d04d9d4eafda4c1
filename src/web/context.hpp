// What a handler gets: the request, who is asking, in which language, and the services.
// Passed down by reference for the request's lifetime — never stored in globals.
#pragma once
#include <any>
#include <memory>
#include <optional>
#include <string>

#include "core/pending.hpp"
#include "http/multipart.hpp"
#include "http/request.hpp"
#include "i18n/i18n.hpp"
#include "policy/policy.hpp"

namespace kp::app {
struct App;
}

namespace kp::web {

struct Context {
  http::Request& req;
  app::App& app;
  const i18n::Translator& t;
  std::optional<policy::Actor> actor{};
  http::Pairs form{};            // parsed body of a form POST (text fields)
  std::vector<http::Part> files{};  // file fields of a multipart/form-data POST
  mutable http::Pairs set_cookies{};  // cookies to set on the response (name, full header value)

  // What the CSRF token is derived from: "s:<session token>", or "a:<anonymous cookie>"; empty
  // until needed for a visitor without either (then csrf_token() makes the cookie).
  std::string csrf_source{};
  std::string csrf_key{};        // the installation's HMAC key
  bool secure_cookies = true;

  const std::string& lang() const { return t.code(); }
  std::string tr(const char* msgid) const { return t.tr(msgid); }
  // The token to put into every form this response renders. Computed on first use, so pages
  // without forms cost nothing; for a first-time visitor it also sets the anonymous cookie.
  const std::string& csrf_token() const;

  // The value of a submitted form field ("" when absent).
  std::string field(std::string_view name) const;
  // The value of a query parameter ("" when absent).
  std::string query(std::string_view name) const;

  mutable std::string csrf_token_{};  // cache for csrf_token(); not for direct use

  // Family-record routes only: set by the dispatcher after the policy allowed the request.
  std::optional<policy::FamilyFacts> family{};
  policy::FamilyGrounds family_grounds = policy::FamilyGrounds::none;
  // What the route's guard already read for the handler in its own read transaction (the
  // family module keeps the family there), so a page needs one read fewer. Owned by the
  // capability whose guard set it; others leave it alone.
  std::any route_data{};

  // Audit records of the personal data this response shows, still being committed; the
  // dispatcher holds the response until they are (see http::Response::hold_until).
  mutable std::vector<std::shared_ptr<Pending>> read_audits{};
};

}  // namespace kp::web
