// HTML pieces the equipment staff pages share (equip-public may reuse the labels): the page
// frame, status tags, choices for selects, dates. Every string is escaped by web::Html.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audit/audit.hpp"
#include "equipment/model.hpp"
#include "equipment/rules.hpp"
#include "http/request.hpp"
#include "web/context.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"
#include "web/layout.hpp"

namespace kp::equipment {

// A staff page with the equipment navigation item active, never indexed.
web::Page staff_page(std::string title);
using web::path_param;
using web::render_private;
// (field, msgid) pairs translated into the form helpers' FieldErrors.
web::FieldErrors to_field_errors(const web::Context& ctx, const FieldErrorList& list);

std::string item_path(const std::string& id, std::string_view rest = {});
std::string loan_path(const std::string& id, std::string_view rest = {});

// The status as a coloured tag with words (colour is never the only signal).
web::Html status_tag(const web::Context& ctx, ItemStatus s);
// 'YYYY-MM-DD' as a short local date ("" stays "").
std::string date_label(const web::Context& ctx, std::string_view iso);
// Category choices (code, translated label) in display order; with a leading "all" when `any`.
std::vector<std::pair<std::string, std::string>> category_options(const web::Context& ctx, bool any);
// Condition choices (code, translated label); retired only when `with_retired`.
std::vector<std::pair<std::string, std::string>> condition_options(const web::Context& ctx, bool with_retired);
// "Langrennski 150 cm" — name and size.
std::string type_label(const ItemType& t);
std::string item_label(const Item& i);
// The item page's photo, with forms to add, replace or remove it (photo_pages.cpp).
web::Html photo_section(const web::Context& ctx, const Item& item);
// A short success message after a redirect (?saved=…); empty when none.
web::Html saved_notice(const web::Context& ctx);
// Amount in kroner for people ("1 250 kr").
std::string money_label(const web::Context& ctx, std::int64_t ore);

// An audit entry for the signed-in actor (ids and codes only in `details`, never names).
audit::Entry audit_entry(const web::Context& ctx, const std::string& action, const std::string& entity,
                         const std::string& entity_id, const std::string& details = {});
// Records that the page showed these borrowers' personal data: queued for the group commit
// and attached to the response, which the dispatcher holds until the records are durable and
// replaces with a 503 if they cannot be written (fail closed).
Status log_borrower_reads(const web::Context& ctx, const std::vector<std::string>& borrower_ids,
                          const std::string& action);

}  // namespace kp::equipment
