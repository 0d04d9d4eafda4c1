#include "equipment/public_views.hpp"

#include "equipment/model.hpp"
#include "families/views.hpp"

namespace kp::equipment {

using web::Context;
using web::Html;

std::string category_text(const Context& ctx, std::string_view code) { return ctx.tr(category_label(code)); }

std::string pass_kind_label(const Context& ctx, PassKind k) {
  switch (k) {
    case PassKind::lift: return ctx.tr(N_("Lift pass"));
    case PassKind::swimming: return ctx.tr(N_("Swimming ticket"));
    case PassKind::climbing: return ctx.tr(N_("Climbing ticket"));
    case PassKind::cinema: return ctx.tr(N_("Cinema ticket"));
    case PassKind::other: return ctx.tr(N_("Other pass or ticket"));
  }
  return {};
}

std::string reservation_status_label(const Context& ctx, ReservationStatus s) {
  switch (s) {
    case ReservationStatus::requested: return ctx.tr(N_("Waiting for an answer"));
    case ReservationStatus::confirmed: return ctx.tr(N_("Confirmed"));
    case ReservationStatus::declined: return ctx.tr(N_("Declined"));
    case ReservationStatus::picked_up: return ctx.tr(N_("Picked up"));
  }
  return {};
}

std::string type_title(std::string_view name, std::string_view size) {
  std::string out(name);
  if (!size.empty()) out += ", " + std::string(size);
  return out;
}

Html availability_view(const Context& ctx, const std::string& municipality_name, const std::vector<Availability>& rows,
                       const std::string& municipality_query) {
  Html b;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", ctx.tr("Borrow equipment"));
  b.append(R"(<p class="ds-paragraph" data-size="lg">{}</p>)",
           ctx.tr("Children and families can borrow sports and outdoor equipment for free. Here you see what can be "
                  "borrowed now."));
  if (!municipality_name.empty())
    b.append(R"(<p class="ds-paragraph kp-muted">{}</p>)", municipality_name);
  const std::string sep = municipality_query.empty() ? "?" : "&";
  b.append(R"(<p class="ds-paragraph"><a class="ds-button kp-equipment-reserve" data-variant="primary" href="/equipment/reserve{}">{}</a></p>)",
           municipality_query, ctx.tr("Ask to reserve equipment"));
  if (rows.empty()) {
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("There is no equipment to lend yet."));
    return b;
  }
  std::string current;
  bool open = false;
  for (const auto& a : rows) {
    if (a.category != current) {
      if (open) b.append("</tbody></table></div></section>");
      current = a.category;
      open = true;
      const std::string heading = category_text(ctx, a.category);
      b.append(R"(<section class="kp-equipment-category" aria-labelledby="cat-{}"><h2 class="ds-heading" data-size="md" id="cat-{}">{}</h2>)",
               a.category, a.category, heading);
      // Three columns, the size under the name: four did not fit a 320 px phone.
      b.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table kp-equipment-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col"><span class="kp-visually-hidden">{}</span></th></tr></thead><tbody>)",
               ctx.tr("What"), ctx.tr("Can be borrowed now"), ctx.tr("Reserve"));
    }
    b.append(R"(<tr><th scope="row"><span dir="auto">{}</span>)", a.name);
    if (!a.size.empty())
      b.append(R"(<span class="kp-equipment-size">{} <span dir="auto">{}</span></span>)", ctx.tr("Size:"), a.size);
    b.append("</th><td>");
    if (a.available > 0)
      b.append(R"(<span class="ds-tag" data-color="success">{}</span>)",
               ctx.t.trn("{n} available", "{n} available", static_cast<long>(a.available)));
    else
      b.append(R"(<span class="ds-tag" data-color="neutral">{}</span>)", ctx.tr("None right now"));
    b.append(R"(</td><td><a class="ds-link" href="/equipment/reserve{}{}type={}">{}<span class="kp-visually-hidden">: {}</span></a></td></tr>)",
             municipality_query, sep, a.type_id, ctx.tr("Reserve"), type_title(a.name, a.size));
  }
  if (open) b.append("</tbody></table></div></section>");
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Passes and tickets for the lift, swimming, climbing and the cinema are given out by the family "
                  "hub. Ask us."));
  return b;
}

Html reservation_form_view(const Context& ctx, const std::vector<Availability>& types, const ReservationInput& in,
                           const web::FieldErrors& errors, const std::string& municipality_id, bool choose_municipality,
                           const std::vector<std::pair<std::string, std::string>>& municipalities) {
  Html b;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", ctx.tr("Ask to reserve equipment"));
  b.append(R"(<p class="ds-paragraph" data-size="lg">{}</p>)",
           ctx.tr("Tell us what you want to borrow and when. We will answer you, usually within two working days. "
                  "It is free."));
  b.append(web::error_summary(ctx, errors));
  b.append(R"(<form method="post" action="/equipment/reserve" class="kp-form kp-equipment-form" novalidate>{})",
           web::csrf_field(ctx));
  if (choose_municipality) {
    std::vector<std::pair<std::string, std::string>> opts{{"", ctx.tr("Choose")}};
    for (const auto& m : municipalities) opts.push_back(m);
    b.append(web::select_field(ctx, "municipality", ctx.tr("Where do you live?"), opts, municipality_id, errors));
  } else {
    b.append(R"(<input type="hidden" name="municipality" value="{}">)", municipality_id);
  }
  std::vector<std::pair<std::string, std::string>> opts{{"", ctx.tr("Choose")}};
  for (const auto& t : types)
    opts.emplace_back(t.type_id, category_text(ctx, t.category) + ": " + type_title(t.name, t.size));
  b.append(web::select_field(ctx, "type_id", ctx.tr("What do you want to borrow?"), opts, in.type_id, errors));
  web::FieldOptions count;
  count.type = "number";
  count.inputmode = "numeric";
  count.hint = ctx.tr("How many of it. For example 2 pairs of skis for two children.");
  b.append(web::text_field(ctx, "quantity", ctx.tr("How many?"), in.quantity.empty() ? "1" : in.quantity, errors, count));
  web::FieldOptions date;
  date.type = "date";
  b.append(web::text_field(ctx, "from_date", ctx.tr("When do you want to pick it up?"), in.from_date, errors, date));
  b.append(web::text_field(ctx, "to_date", ctx.tr("When will you bring it back?"), in.to_date, errors, date));
  web::FieldOptions name;
  name.required = true;
  name.autocomplete = "name";
  name.dir = "auto";
  b.append(web::text_field(ctx, "name", ctx.tr("Your name"), in.name, errors, name));
  web::FieldOptions tel;
  tel.type = "tel";
  tel.autocomplete = "tel";
  tel.hint = ctx.tr("Write a phone number, an e-mail address, or both.");
  b.append(web::text_field(ctx, "phone", ctx.tr("Phone"), in.phone, errors, tel));
  web::FieldOptions mail;
  mail.type = "email";
  mail.autocomplete = "email";
  b.append(web::text_field(ctx, "email", ctx.tr("E-mail"), in.email, errors, mail));
  b.append(web::select_field(ctx, "language", ctx.tr("Which language do you want us to use?"),
                             families::language_options(ctx), in.language.empty() ? ctx.lang() : in.language, errors));
  web::FieldOptions kids;
  kids.autocomplete = "off";
  kids.dir = "auto";
  kids.hint = ctx.tr("Optional. The children who will use the equipment.");
  b.append(web::text_field(ctx, "children", ctx.tr("The children's names"), in.children, errors, kids));
  b.append(R"(<p class="ds-paragraph" data-size="sm">{}</p>)",
           ctx.tr("Only the staff who lend out equipment can read what you write. We use it only to answer you and "
                  "to lend you the equipment."));
  b.append(web::button(ctx.tr("Send the request")));
  b.append("</form>");
  return b;
}

Html reservation_receipt_view(const Context& ctx, const std::string& code, const std::string& hub_phone) {
  Html b;
  b.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1>)", ctx.tr("Thank you, we have received your request"));
  b.append(R"(<div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{}</p></div>)",
           ctx.tr("We will answer you when we have checked that the equipment is free. The equipment is not yours "
                  "until we have confirmed."));
  b.append(R"(<p class="ds-paragraph">{}</p><p class="kp-receipt-code">{}</p>)", ctx.tr("Your receipt code:"), code);
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("Write the code down. Tell us the code when you call us or pick up the equipment."));
  if (!hub_phone.empty())
    b.append(R"(<p class="ds-paragraph">{} <a class="ds-link" href="tel:{}">{}</a></p>)",
             ctx.tr("Questions? Call us:"), hub_phone, hub_phone);
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="/equipment">{}</a></p>)",
           ctx.tr("Back to the equipment"));
  return b;
}

}  // namespace kp::equipment
