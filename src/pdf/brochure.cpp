// The brochure in three steps: offers → blocks of lines (Pango shapes every paragraph and
// breaks it into lines), blocks → pages (pagination works on whole lines, so nothing is ever
// cut), pages → PDF (Cairo draws the lines and embeds font subsets). The typesetting itself is
// shared with the other documents in pdf/text_layout.hpp.
#include "pdf/brochure.hpp"

#include <pango/pangocairo.h>

#include <algorithm>
#include <optional>
#include <string_view>

#include "catalog/phrases.hpp"
#include "catalog/rrule.hpp"
#include "pdf/text_layout.hpp"

namespace kp::pdf {
namespace {

using catalog::Offer;
using catalog::Schedule;
using namespace layout;

// One labelled line of an offer block. An empty label continues the row above.
struct Fact {
  std::string label, value, lang;
  bool rtl;
};

std::vector<Fact> facts(const catalog::Snapshot& snap, const Offer& o, const i18n::Translator& t) {
  const std::string& ui = t.code();
  const bool ui_rtl = t.rtl();
  std::vector<Fact> out;
  // Texts from the catalog may be in another language than asked for (text_in falls back),
  // so they are set in the direction of the language they are really in.
  auto text = [&](const char* field) {
    std::string used;
    std::string value = text_in(o.texts, field, ui, used);
    return Fact{"", std::move(value), used, is_rtl(used)};
  };
  out.push_back({t.tr("For whom"), catalog::age_text(t, o), ui, ui_rtl});
  std::string when;
  for (const auto& s : o.schedules) when += (when.empty() ? "" : "\n") + catalog::schedule_text(t, s);
  if (!when.empty()) out.push_back({t.tr("When"), when, ui, ui_rtl});
  if (o.location_id)
    if (const catalog::Location* l = snap.location(*o.location_id)) {
      std::string where = isolate(l->name);
      std::string street = l->address;
      const std::string town = l->postal_code + (l->postal_code.empty() || l->city.empty() ? "" : " ") + l->city;
      if (!town.empty()) street += (street.empty() ? "" : ", ") + town;
      if (!street.empty()) where += (where.empty() ? "" : "\n") + isolate(street);
      if (!where.empty()) out.push_back({t.tr("Where"), where, ui, ui_rtl});
    }
  out.push_back({t.tr("Price"), catalog::price_text(t, o), ui, ui_rtl});
  if (Fact fees = text("fees_description"); !o.free && !fees.value.empty()) out.push_back(std::move(fees));
  if (Fact signup = text("application_process"); !signup.value.empty()) {
    signup.label = t.tr("How to sign up");
    out.push_back(std::move(signup));
  }
  std::string phone = o.phone, email = o.email;
  if (phone.empty() && email.empty())
    if (const catalog::Organization* org = snap.organization(o.organization_id)) phone = org->phone, email = org->email;
  std::string contact;
  const std::pair<const std::string*, const char*> parts[] = {{&o.contact_name, kFsi}, {&phone, kLri}, {&email, kLri}, {&o.url, kLri}};
  for (const auto& [part, kind] : parts)
    if (!part->empty()) contact += (contact.empty() ? "" : "\n") + isolate(*part, kind);
  if (!contact.empty()) out.push_back({t.tr("Contact"), contact, ui, ui_rtl});
  return out;
}

}  // namespace

Result<std::string> brochure_pdf(const catalog::Snapshot& snap, const std::vector<const Offer*>& offers,
                                 const i18n::Translator& t, const std::string& title) {
  const std::string& lang = t.code();
  const bool rtl = t.rtl();
  Document doc(title, lang, rtl);
  Typesetter& ts = doc.typesetter();

  std::vector<Block> blocks;
  Block& head = blocks.emplace_back();
  if (!title.empty()) ts.paragraph(head, ts.layout(title, lang, kTitle, kTextWidth, rtl), kTitle, kMargin, 0, true);
  const std::string count = offers.empty() ? t.tr("No offers found.")
                                           : t.trn("{n} offer", "{n} offers", static_cast<long>(offers.size()));
  ts.paragraph(head, ts.layout(count, lang, kMuted, kTextWidth, rtl), kMuted, kMargin, kTitleGap);

  // The label column is as wide as the widest label, within reason; in right-to-left
  // languages it is on the right.
  double label_width = 0;
  for (const char* l : {"For whom", "When", "Where", "Price", "How to sign up", "Contact"})
    label_width = std::max(label_width, Typesetter::width(ts.layout(t.tr(l), lang, kLabel, -1, rtl)));
  label_width = std::clamp(label_width + 2, 60.0, kTextWidth * 0.3);
  const double value_width = kTextWidth - label_width - kColumnGap;
  const double label_x = rtl ? kMargin + kTextWidth - label_width : kMargin;
  const double value_x = rtl ? kMargin : kMargin + label_width + kColumnGap;

  for (const Offer* o : offers) {
    if (!o) continue;
    Block& b = blocks.emplace_back();
    std::string used;
    const std::string& name = text_in(o->texts, "name", lang, used);
    ts.paragraph(b, ts.layout(name, used, kHeading, kTextWidth, is_rtl(used)), kHeading, kMargin, kBlockGap, true);
    b.items.front().outline = name;
    // The organisation belongs to the heading and follows its direction.
    if (const catalog::Organization* org = snap.organization(o->organization_id))
      ts.paragraph(b, ts.layout(isolate(org->name), lang, kMuted, kTextWidth, is_rtl(used)), kMuted, kMargin, 1);
    const std::string& summary = text_in(o->texts, "summary", lang, used);
    if (!summary.empty())
      ts.paragraph(b, ts.layout(summary, used, kBody, kTextWidth, is_rtl(used)), kBody, kMargin, kTitleGap);
    for (const Fact& f : facts(snap, *o, t)) {
      PangoLayout* label = f.label.empty() ? nullptr : ts.layout(f.label, lang, kLabel, label_width, rtl);
      // Values keep their own direction but sit against the label, on the document's side.
      PangoLayout* value = ts.layout(f.value, f.lang, kBody, value_width, f.rtl, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      ts.row(b, label, label_x, value, value_x,
             f.label.empty() ? 1 : kRowGap);
    }
  }

  doc.draw(paginate(blocks), t);
  return doc.finish("brochure");
}

}  // namespace kp::pdf
