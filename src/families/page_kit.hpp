// Small pieces every family page handler uses: the staff page frame, private (no-store)
// rendering, path parameters and form errors. One copy here instead of one per pages file.
#pragma once
#include <string>
#include <string_view>

#include "families/model.hpp"
#include "families/rules.hpp"
#include "http/request.hpp"
#include "web/context.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace kp::families {

// A staff page (staff navigation, not indexed) with `nav` as the active navigation item.
web::Page staff_page(std::string title, std::string nav = "families");
using web::path_param;
using web::render_private;
// The {id} path parameter: the family's id.
std::string family_id(const web::Context& ctx);
// The family the guard allowed, as the guard read it in this request's read transaction
// (nullopt when it vanished in between → 404). `failed` is set when the store failed.
std::optional<Family> load_family(web::Context& ctx, bool& failed);
// (field, msgid) pairs from the rules as the form helpers' FieldErrors.
web::FieldErrors to_field_errors(const FieldErrorList& list);

}  // namespace kp::families
