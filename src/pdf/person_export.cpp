// Record lines → blocks (one per entry, so an entry stays on one page when it fits) → pages,
// with the shared typesetting of text_layout.hpp.
#include "pdf/person_export.hpp"

#include <algorithm>

#include "pdf/text_layout.hpp"

namespace kp::pdf {

using namespace layout;

namespace {

// Each line isolated on its own: an isolate does not reach across a paragraph break.
std::string isolate_lines(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    if (start > 0) out += '\n';
    out += isolate(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

Result<std::string> record_pdf(const std::vector<RecordLine>& lines, const i18n::Translator& t) {
  const std::string& lang = t.code();
  const bool rtl = t.rtl();
  std::string title;
  for (const auto& l : lines)
    if (l.part == RecordPart::title) {
      title = l.text;
      break;
    }
  Document doc(title, lang, rtl);
  Typesetter& ts = doc.typesetter();
  // Horizontal position of a column that starts `offset` points from the start side.
  const auto at_start = [&](double offset, double width) {
    return rtl ? kMargin + kTextWidth - offset - width : kMargin + offset;
  };

  double label_width = 0;
  for (const auto& l : lines)
    if (l.part == RecordPart::fact)
      label_width = std::max(label_width, Typesetter::width(ts.layout(l.label, lang, kLabel, -1, rtl)));
  label_width = std::clamp(label_width + 2, 60.0, kTextWidth * 0.3);
  const double value_width = kTextWidth - label_width - kColumnGap;

  std::vector<Block> blocks(1);
  // True while the last block holds only a section heading: the entry that follows joins it,
  // so the heading moves to the next page with its first entry.
  bool heading_only = false;
  for (const auto& l : lines) {
    switch (l.part) {
      case RecordPart::title:
        ts.paragraph(blocks.back(), ts.layout(l.text, lang, kTitle, kTextWidth, rtl), kTitle, kMargin, 0, true);
        break;
      case RecordPart::subtitle:
        ts.paragraph(blocks.back(), ts.layout(l.text, lang, kMuted, kTextWidth, rtl), kMuted, kMargin, kTitleGap);
        break;
      case RecordPart::heading: {
        Block& b = blocks.emplace_back();
        ts.paragraph(b, ts.layout(l.text, lang, kHeading, kTextWidth, rtl), kHeading, kMargin, kBlockGap, true);
        b.items.front().outline = l.text;
        heading_only = true;
        continue;
      }
      case RecordPart::item: {
        Block& b = heading_only ? blocks.back() : blocks.emplace_back();
        ts.paragraph(b, ts.layout(isolate_lines(l.text), lang, kLabel, kTextWidth, rtl), kLabel, kMargin, kBlockGap / 2, true);
        break;
      }
      case RecordPart::text:
        ts.paragraph(blocks.back(), ts.layout(l.text, lang, kBody, kTextWidth, rtl), kBody, kMargin, kTitleGap);
        break;
      case RecordPart::fact: {
        PangoLayout* label = ts.layout(l.label, lang, kLabel, label_width, rtl);
        // Free text keeps its own direction but sits against the label, on the document's side.
        PangoLayout* value = ts.layout(isolate_lines(l.text), lang, kBody, value_width, rtl);
        ts.row(blocks.back(), label, at_start(0, label_width), value, at_start(label_width + kColumnGap, value_width),
               kRowGap);
        break;
      }
    }
    heading_only = false;
  }
  // Empty blocks (a record without a title) would give paginate nothing to place.
  blocks.erase(std::remove_if(blocks.begin(), blocks.end(), [](const Block& b) { return b.items.empty(); }),
               blocks.end());
  doc.draw(paginate(blocks), t);
  return doc.finish("record");
}

}  // namespace kp::pdf
