// The consent form in two steps: the form's lines (pure: what is printed, in the form's
// language), then the lines laid out as PDF with the shared typesetting of text_layout.hpp.
#include "pdf/consent_form.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "pdf/text_layout.hpp"

namespace kp::pdf {

using namespace layout;

std::vector<FormLine> consent_form_lines(const ConsentFormInput& in, const i18n::Translator& t) {
  std::vector<FormLine> out;
  auto add = [&](FormPart part, std::string text) { out.push_back({part, std::move(text)}); };

  add(FormPart::title, t.tr("Consent to share information between services"));
  add(FormPart::subtitle, t.tr_args("{family} · case number {reference}",
                                    {{"family", isolate(in.family_name)}, {"reference", isolate(in.reference, kLri)}}));
  add(FormPart::text, t.tr("Several services can help your family better when they may talk with each other. With "
                           "this form you decide which services may share information about your family, which "
                           "information, and for how long. Saying yes is voluntary."));

  add(FormPart::heading, t.tr("Who is in the family"));
  for (const auto& p : in.people) {
    CivilDate d;
    if (!p.birth_date.empty() && parse_iso_date(p.birth_date, d))
      add(FormPart::person, t.tr_args("{name}, born {date}", {{"name", isolate(p.name)}, {"date", t.date_short(d)}}));
    else
      add(FormPart::person, isolate(p.name));
  }

  add(FormPart::heading, t.tr("Which services may share information"));
  add(FormPart::text, t.tr("Tick each service that may share information about your family with the others."));
  for (const auto& s : in.services) add(FormPart::checkbox, s);

  add(FormPart::heading, t.tr("Which information may be shared"));
  add(FormPart::text, t.tr("Tick each kind of information the services may share."));
  for (const auto& k : in.info_kinds) add(FormPart::checkbox, k);

  add(FormPart::heading, t.tr("Purpose"));
  add(FormPart::text, t.tr("The services may use the information only to help your family with what you and the "
                           "family coordinator agree on in the family's plan. They share no more than is needed."));
  add(FormPart::blank, t.tr("Limits or wishes"));
  add(FormPart::blank, "");

  add(FormPart::heading, t.tr("Period"));
  add(FormPart::text, t.trn("The consent lasts at most {n} year. Then you are asked again whether you still agree.",
                            "The consent lasts at most {n} years. Then you are asked again whether you still agree.",
                            in.max_years));
  add(FormPart::blank, t.tr("Valid from"));
  add(FormPart::blank, t.tr("Valid to"));

  add(FormPart::heading, t.tr("Your rights"));
  add(FormPart::bullet, t.tr("If you say no, you still get help from each service, but the services cannot share "
                             "information about you with each other."));
  add(FormPart::bullet, t.tr("You can withdraw your consent at any time, in writing or by telling the family "
                             "coordinator. From that moment the services can no longer see your family's "
                             "information."));
  add(FormPart::bullet, t.tr("You can ask to see who has looked at your family's information."));
  add(FormPart::bullet, t.tr("You can get a copy of this form and of all information registered about you."));

  add(FormPart::heading, t.tr("Signatures"));
  add(FormPart::text, t.tr_args("Parents or guardians sign for the children. From the age of {age}, young people give "
                                "their own consent and sign for themselves.",
                                {{"age", t.number(in.youth_consent_age)}}));
  bool any_guardian = false;
  for (const auto& p : in.people)
    if (p.guardian) {
      any_guardian = true;
      add(FormPart::signature, isolate(p.name));
    }
  if (!any_guardian) {
    add(FormPart::signature, "");
    add(FormPart::signature, "");
  }
  for (const auto& p : in.people)
    if (p.own_consent) add(FormPart::signature, t.tr_args("{name} (own consent)", {{"name", isolate(p.name)}}));
  return out;
}

Result<std::string> consent_form_pdf(const ConsentFormInput& in, const i18n::Translator& t) {
  const std::vector<FormLine> lines = consent_form_lines(in, t);
  const std::string& lang = t.code();
  const bool rtl = t.rtl();
  const std::string title = lines.empty() ? std::string() : lines.front().text;
  Document doc(title, lang, rtl);
  Typesetter& ts = doc.typesetter();
  // In right-to-left languages boxes, bullets and labels stand on the right.
  const double start = rtl ? kMargin + kTextWidth : kMargin;
  auto at_start = [&](double offset, double width) { return rtl ? start - offset - width : start + offset; };

  std::vector<Block> blocks(1);
  for (const FormLine& line : lines) {
    switch (line.part) {
      case FormPart::title:
        ts.paragraph(blocks.back(), ts.layout(line.text, lang, kTitle, kTextWidth, rtl), kTitle, kMargin, 0, true);
        blocks.back().items.front().outline = line.text;
        break;
      case FormPart::subtitle:
        ts.paragraph(blocks.back(), ts.layout(line.text, lang, kMuted, kTextWidth, rtl), kMuted, kMargin, kTitleGap);
        break;
      case FormPart::heading: {
        // A section is one block, so it stays on one page when it fits there.
        Block& b = blocks.emplace_back();
        ts.paragraph(b, ts.layout(line.text, lang, kHeading, kTextWidth, rtl), kHeading, kMargin, kBlockGap, true);
        b.items.front().outline = line.text;
        break;
      }
      case FormPart::text:
        ts.paragraph(blocks.back(), ts.layout(line.text, lang, kBody, kTextWidth, rtl), kBody, kMargin, kTitleGap);
        break;
      case FormPart::person:
        ts.paragraph(blocks.back(), ts.layout(line.text, lang, kBody, kTextWidth, rtl), kBody, kMargin, kRowGap);
        break;
      case FormPart::bullet: {
        constexpr double indent = 14;
        PangoLayout* mark = ts.layout("•", lang, kBody, indent, rtl);
        PangoLayout* text = ts.layout(line.text, lang, kBody, kTextWidth - indent, rtl);
        ts.row(blocks.back(), mark, at_start(0, indent), text, at_start(indent, kTextWidth - indent), kTitleGap);
        break;
      }
      case FormPart::checkbox: {
        constexpr double box = 10, indent = 18;
        Block& b = blocks.back();
        const std::size_t first = b.items.size();
        ts.paragraph(b, ts.layout(line.text, lang, kBody, kTextWidth - indent, rtl), kBody,
                     at_start(indent, kTextWidth - indent), 7);
        if (b.items.size() > first) {
          Item& item = b.items[first];
          const double baseline = item.parts.front().baseline;
          item.rules.push_back({at_start(0, box), baseline - box + 1, box, box});
        }
        break;
      }
      case FormPart::blank: {
        // Room above the line to write by hand.
        constexpr double gap = 6;
        Block& b = blocks.back();
        Item item;
        item.space_before = 16;
        if (line.text.empty()) {
          item.height = 4;
          item.rules.push_back({kMargin, item.height - 1, kTextWidth, 0});
        } else {
          PangoLayout* label = ts.layout(line.text, lang, kLabel, -1, rtl);
          const auto m = Typesetter::lines(label);
          const double w = std::min(Typesetter::width(label), kTextWidth * 0.4);
          item.parts.push_back({label, 0, at_start(0, w), m.front().ascent, &kLabel});
          item.height = m.front().ascent + m.front().descent;
          item.rules.push_back({at_start(w + gap, kTextWidth - w - gap), m.front().ascent + 2, kTextWidth - w - gap, 0});
        }
        b.items.push_back(std::move(item));
        break;
      }
      case FormPart::signature: {
        // The signature line and, beside it, a shorter one for date and place; captions under them.
        const double sign_w = kTextWidth * 0.58, date_w = kTextWidth * 0.34;
        const double sign_x = at_start(0, sign_w), date_x = at_start(kTextWidth - date_w, date_w);
        Block& b = blocks.back();
        Item lines_item;
        lines_item.space_before = 34;
        lines_item.height = 3;
        lines_item.keep_with_next = true;
        lines_item.rules.push_back({sign_x, 1, sign_w, 0});
        lines_item.rules.push_back({date_x, 1, date_w, 0});
        b.items.push_back(std::move(lines_item));
        const std::string who = line.text.empty() ? t.tr("Signature and name in capital letters")
                                                  : t.tr_args("Signature: {name}", {{"name", line.text}});
        PangoLayout* sign_caption = ts.layout(who, lang, kMuted, sign_w, rtl);
        PangoLayout* date_caption = ts.layout(t.tr("Date and place"), lang, kMuted, date_w, rtl);
        ts.row(b, sign_caption, sign_x, date_caption, date_x, 2);
        break;
      }
    }
  }
  doc.draw(paginate(blocks), t);
  return doc.finish("consent form");
}

}  // namespace kp::pdf
