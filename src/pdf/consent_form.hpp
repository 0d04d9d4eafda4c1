// The printable consent form (samtykkeskjema) a family signs: who is in the family, the
// services and kinds of information as boxes to tick, the purpose, the period, a signature line
// per guardian (and per young person old enough to consent alone), and the family's rights.
// Every sentence is an English msgid translated with the form's Translator, so the form says
// the same in every language; right-to-left languages are laid out right to left.
// This header does not expose Pango or Cairo (see pdf/text_layout.hpp).
#pragma once
#include <string>
#include <vector>

#include "core/result.hpp"
#include "i18n/i18n.hpp"

namespace kp::pdf {

// One person as the form shows them: a name and a birth date, nothing else.
struct ConsentFormPerson {
  std::string name;
  std::string birth_date;    // 'YYYY-MM-DD' or ''
  bool guardian = false;     // signs for the family's children
  bool own_consent = false;  // a young person old enough to give their own consent
};

// Everything the form prints about the family. On purpose there is no address and no identity
// number here: a printed form is handed around, posted and scanned, and a protected address
// must never reach paper. tests/families/consent_test.cpp checks at compile time that these
// structs cannot carry them.
struct ConsentFormInput {
  std::string family_name;
  std::string reference;                // the case number, so the signed scan finds its family
  std::vector<ConsentFormPerson> people;
  std::vector<std::string> services;    // labels in the form's language, in display order
  std::vector<std::string> info_kinds;  // labels in the form's language, in display order
  int youth_consent_age = 15;
  int max_years = 3;                    // how long a consent may last before it is asked again
};

// What the form is made of, in reading order — the only text the PDF draws (besides the page
// footer), so a test can read what is printed without parsing the PDF.
enum class FormPart {
  title,      // the form's heading
  subtitle,   // family name and case number
  heading,    // a section heading
  text,       // a paragraph
  bullet,     // one right, as a list item
  person,     // one person: name and birth date
  checkbox,   // a box to tick, with its label
  blank,      // a labelled line to write on
  signature,  // a signature line with the signer's name (or a blank "Name" line) under it
};
struct FormLine {
  FormPart part;
  std::string text;
};

// The form's lines in t's language.
std::vector<FormLine> consent_form_lines(const ConsentFormInput& in, const i18n::Translator& t);

// The form as a PDF (the file's bytes): consent_form_lines laid out on A4 pages with "page n of
// N" footers, the title and language in the PDF's metadata. Fails with an internal error if
// Cairo cannot produce the document. Thread-safe (nothing shared between calls).
Result<std::string> consent_form_pdf(const ConsentFormInput& in, const i18n::Translator& t);

}  // namespace kp::pdf
