// Printable records a family is given on request: the export of all data about a person
// (GDPR art. 15) and the list of who has looked at the family's data (innsyn i logg). The
// caller decides every line that is printed (families/export.cpp builds them), so a test reads
// exactly what reaches paper without parsing the PDF — and can prove that a protected address
// never does. This header does not expose Pango or Cairo (see pdf/text_layout.hpp).
#pragma once
#include <string>
#include <vector>

#include "core/result.hpp"
#include "i18n/i18n.hpp"

namespace kp::pdf {

enum class RecordPart {
  title,     // the document's heading (the first one is also the PDF's title)
  subtitle,  // who and when, under the title
  heading,   // a section heading (a PDF bookmark)
  item,      // the heading of one entry in a section: a goal, a meeting, a log entry
  text,      // a paragraph
  fact,      // a labelled value: `label` beside `text`
};
struct RecordLine {
  RecordPart part;
  std::string text;
  std::string label;  // facts only
};

// The lines laid out on A4 pages in t's language and direction, with "page n of N" footers;
// labels in a column as wide as the widest label (within reason); each entry kept on one page
// when it fits, and a heading never left alone at the foot of a page. Values are set in the
// direction of their own content, so a name in Arabic inside a Norwegian document reads right.
// Fails with an internal error if Cairo cannot produce the document. Thread-safe.
Result<std::string> record_pdf(const std::vector<RecordLine>& lines, const i18n::Translator& t);

}  // namespace kp::pdf
