// Form building blocks in Designsystemet markup: labelled fields with hints and errors, and
// an error summary that links to each field. Every value is escaped by Html.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "web/context.hpp"
#include "web/html.hpp"

namespace kp::web {

// Errors of one form submission, in field order. Messages are English msgids.
class FieldErrors {
 public:
  void add(std::string field, std::string message) { items_.emplace_back(std::move(field), std::move(message)); }
  bool empty() const { return items_.empty(); }
  // The first error for `field`, or nullptr.
  const std::string* get(std::string_view field) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct FieldOptions {
  std::string hint;              // already translated
  std::string type = "text";     // text, email, tel, url, number, date, password, search
  bool required = false;
  std::string autocomplete;
  std::string inputmode;
  std::string dir;               // "auto" for free text in any language
  int rows = 0;                  // > 0: a textarea
  std::string lang;              // language of the value, when it differs from the page
};

// The hidden CSRF field every POST form carries.
Html csrf_field(const Context& ctx);
// A labelled input (or textarea) with its hint and error; `label` is translated already.
Html text_field(const Context& ctx, const std::string& name, const std::string& label,
                const std::string& value, const FieldErrors& errors, const FieldOptions& opt = {});
// A labelled select; options are (value, translated label).
Html select_field(const Context& ctx, const std::string& name, const std::string& label,
                  const std::vector<std::pair<std::string, std::string>>& options,
                  const std::string& selected, const FieldErrors& errors, const std::string& hint = {});
// One checkbox with its label.
Html checkbox(const std::string& name, const std::string& value, const std::string& label, bool checked,
              const std::string& id = {});
// A box at the top of the form listing every error as a link to its field; empty when none.
Html error_summary(const Context& ctx, const FieldErrors& errors);
// A primary (or secondary) submit button.
Html button(const std::string& label, bool primary = true, const std::string& name = {},
            const std::string& value = {});

}  // namespace kp::web
