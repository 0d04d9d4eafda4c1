#include "web/forms.hpp"

namespace kp::web {
namespace {
std::string field_id(const std::string& name) { return "f-" + name; }
}  // namespace

const std::string* FieldErrors::get(std::string_view field) const {
  for (const auto& [f, m] : items_)
    if (f == field) return &m;
  return nullptr;
}

Html csrf_field(const Context& ctx) {
  return Html::format(R"(<input type="hidden" name="csrf" value="{}">)", ctx.csrf_token());
}

Html text_field(const Context& ctx, const std::string& name, const std::string& label,
                const std::string& value, const FieldErrors& errors, const FieldOptions& opt) {
  const std::string id = field_id(name);
  const std::string* err = errors.get(name);
  std::string described;
  Html h;
  h.append(R"(<div class="ds-field kp-field"><label class="ds-label" for="{}">{})", id, label);
  if (opt.required) h.append(R"( <span class="kp-required">({})</span>)", ctx.tr("required"));
  h.append("</label>");
  if (!opt.hint.empty()) {
    h.append(R"(<p class="ds-paragraph kp-hint" data-size="sm" id="{}-hint">{}</p>)", id, opt.hint);
    described += id + "-hint";
  }
  if (err) {
    h.append(R"(<div class="ds-validation-message" data-field="validation" data-color="danger" id="{}-error">{}</div>)",
             id, ctx.tr(err->c_str()));
    described += (described.empty() ? "" : " ") + id + "-error";
  }
  Html attrs;
  if (!described.empty()) attrs.append(R"( aria-describedby="{}")", described);
  if (err) attrs.append(R"( aria-invalid="true")");
  if (opt.required) attrs.append(" required");
  if (!opt.autocomplete.empty()) attrs.append(R"( autocomplete="{}")", opt.autocomplete);
  if (!opt.inputmode.empty()) attrs.append(R"( inputmode="{}")", opt.inputmode);
  if (!opt.dir.empty()) attrs.append(R"( dir="{}")", opt.dir);
  if (!opt.lang.empty()) attrs.append(R"( lang="{}")", opt.lang);
  if (opt.rows > 0) {
    h.append(R"(<textarea class="ds-input" id="{}" name="{}" rows="{}"{}>{}</textarea>)", id, name, opt.rows, attrs, value);
  } else {
    h.append(R"(<input class="ds-input" id="{}" name="{}" type="{}" value="{}"{}>)", id, name, opt.type, value, attrs);
  }
  h.append("</div>");
  return h;
}

Html select_field(const Context& ctx, const std::string& name, const std::string& label,
                  const std::vector<std::pair<std::string, std::string>>& options,
                  const std::string& selected, const FieldErrors& errors, const std::string& hint) {
  const std::string id = field_id(name);
  const std::string* err = errors.get(name);
  Html h;
  h.append(R"(<div class="ds-field kp-field"><label class="ds-label" for="{}">{}</label>)", id, label);
  std::string described;
  if (!hint.empty()) {
    h.append(R"(<p class="ds-paragraph kp-hint" data-size="sm" id="{}-hint">{}</p>)", id, hint);
    described = id + "-hint";
  }
  if (err) {
    h.append(R"(<div class="ds-validation-message" data-field="validation" data-color="danger" id="{}-error">{}</div>)",
             id, ctx.tr(err->c_str()));
    described += (described.empty() ? "" : " ") + id + "-error";
  }
  Html attrs;
  if (!described.empty()) attrs.append(R"( aria-describedby="{}")", described);
  if (err) attrs.append(R"( aria-invalid="true")");
  h.append(R"(<select class="ds-input" id="{}" name="{}"{}>)", id, name, attrs);
  for (const auto& [value, text] : options) {
    if (value == selected) h.append(R"(<option value="{}" selected>{}</option>)", value, text);
    else h.append(R"(<option value="{}">{}</option>)", value, text);
  }
  h.append("</select></div>");
  return h;
}

Html checkbox(const std::string& name, const std::string& value, const std::string& label, bool checked,
              const std::string& id_in) {
  const std::string id = id_in.empty() ? field_id(name) + "-" + value : id_in;
  return Html::format(R"(<div class="ds-field kp-check"><input class="ds-input" type="checkbox" id="{}" name="{}" value="{}"{}><label class="ds-label" data-weight="regular" for="{}">{}</label></div>)",
                      id, name, value, checked ? Html::trusted(" checked") : Html(), id, label);
}

Html error_summary(const Context& ctx, const FieldErrors& errors) {
  if (errors.empty()) return {};
  Html h;
  h.append(R"(<div class="ds-error-summary kp-error-summary" tabindex="-1" autofocus id="error-summary" role="alert" aria-labelledby="error-summary-title"><h2 class="ds-heading" data-size="xs" id="error-summary-title">{}</h2><ul class="ds-list">)",
           ctx.tr("Please correct the following:"));
  for (const auto& [field, msg] : errors.items())
    h.append(R"(<li><a class="ds-link" href="#f-{}">{}</a></li>)", field, ctx.tr(msg.c_str()));
  h.append("</ul></div>");
  return h;
}

Html button(const std::string& label, bool primary, const std::string& name, const std::string& value) {
  Html attrs;
  if (!name.empty()) attrs.append(R"( name="{}" value="{}")", name, value);
  return Html::format(R"(<button class="ds-button" type="submit" data-variant="{}"{}>{}</button>)",
                      primary ? "primary" : "secondary", attrs, label);
}

}  // namespace kp::web
