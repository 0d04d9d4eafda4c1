// Shared HTML pieces of the family pages: the family's heading and tabs, and translated labels
// for the module's codes. Every family page starts with family_header().
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "families/model.hpp"
#include "web/context.hpp"
#include "web/html.hpp"

namespace kp::families {

// The tabs of a family's pages; the value is the path after /staff/families/{id}.
enum class FamilyTab { overview, plan, meetings, log, progress, consent, access_log };

// Heading (name, reference, status tags, BTI level), the emergency-access banner when the
// actor is here on emergency grounds, and the tab navigation (aria-current on the active tab).
// A closed family gets a "read-only" notice.
web::Html family_header(const web::Context& ctx, const Family& f, FamilyTab active);
// The same for pages that have only the family's id, reference and name (status-only view).
std::string family_path(const std::string& family_id, std::string_view rest = {});

// Translated labels (msgids marked with N_ in views.cpp).
std::string service_label(const web::Context& ctx, std::string_view code);
std::string info_kind_label(const web::Context& ctx, std::string_view code);
std::string role_label(const web::Context& ctx, PersonRole r);
std::string protection_label(const web::Context& ctx, AddressProtection p);
std::string bti_label(const web::Context& ctx, int level);
// (value, label) lists for select fields.
std::vector<std::pair<std::string, std::string>> service_options(const web::Context& ctx, bool with_empty);
std::vector<std::pair<std::string, std::string>> language_options(const web::Context& ctx);
// "12. mars 2026" in the request's language, from ISO or from seconds; "" for "".
std::string date_label(const web::Context& ctx, std::string_view iso);
std::string date_label(const web::Context& ctx, UnixSeconds t);

// A success notice for ?saved=1 style redirects (role=status), or empty.
web::Html saved_notice(const web::Context& ctx);
// A one-button POST form (CSRF included).
web::Html post_button(const web::Context& ctx, const std::string& action, const std::string& label,
                      bool primary = false, const std::string& name = {}, const std::string& value = {});

}  // namespace kp::families
