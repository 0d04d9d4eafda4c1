// HTML for the catalog's public pages. Views take plain data and a Context and return Html;
// no SQL and no decisions here.
#pragma once
#include <string>
#include <vector>

#include "catalog/search.hpp"
#include "web/context.hpp"
#include "web/html.hpp"

namespace kp::catalog {


// The msgid naming a target-group code (kTargetGroups).
const char* target_group_label(const std::string& code);
// A text field in the page language with lang="…" when it fell back to another language.
web::Html localized(const web::Context& ctx, const Texts& texts, const std::string& field,
                    const char* element, const char* css_class = "");

struct SearchPageData {
  const Snapshot* snap;
  SearchQuery query;
  std::vector<FieldError> errors;
  SearchResult result;
  std::vector<std::string> scope;  // municipalities shown
  CivilDate today;
};
web::Html front_page(const web::Context& ctx, const Snapshot& snap, const std::vector<std::string>& scope);
web::Html search_page(const web::Context& ctx, const SearchPageData& d);
web::Html offer_page(const web::Context& ctx, const Snapshot& snap, const Offer& o, CivilDate today);
web::Html accessibility_page(const web::Context& ctx);

}  // namespace kp::catalog
