// The building blocks every printable document shares: A4 geometry and text styles, Pango
// paragraphs broken into lines (shaping, bidi, font fallback), pagination on whole lines, and
// a Cairo PDF document that draws the pages with a "page n of N" footer.
// Internal to src/pdf/: this header includes Pango and Cairo, so only src/pdf/*.cpp may include
// it; the public headers (brochure.hpp, consent_form.hpp) expose neither.
#pragma once
#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "i18n/i18n.hpp"

namespace kp::pdf::layout {

// ---- geometry: PDF user units are points --------------------------------------------------
constexpr double kPageWidth = 595.276, kPageHeight = 841.89;  // A4
constexpr double kMargin = 56.7;                               // 20 mm
constexpr double kTextWidth = kPageWidth - 2 * kMargin;
constexpr double kBodyTop = kMargin;
constexpr double kBodyBottom = kPageHeight - kMargin - 22;  // the footer lives below
constexpr double kFooterBaseline = kPageHeight - kMargin + 6;
constexpr double kColumnGap = 10, kBlockGap = 20, kRowGap = 3, kTitleGap = 6;

struct Style {
  double size;  // points
  bool bold;
  double r, g, b;
};
constexpr Style kTitle{20, true, 0.05, 0.2, 0.4}, kHeading{13, true, 0.05, 0.2, 0.4},
    kBody{10, false, 0.1, 0.1, 0.1}, kMuted{9, false, 0.35, 0.35, 0.35},
    kLabel{9.5, true, 0.2, 0.2, 0.2}, kFooter{8, false, 0.4, 0.4, 0.4};

// Unicode isolates keep a phone number or a Norwegian street name in one piece inside a
// right-to-left paragraph (without them "+47 22 33 44 55" is shown as "55 44 33 22 47+").
inline constexpr const char* kFsi = "\u2068";  // first strong isolate: direction from its content
inline constexpr const char* kLri = "\u2066";  // left-to-right isolate
inline constexpr const char* kPdi = "\u2069";
inline std::string isolate(const std::string& s, const char* kind = kFsi) {
  return s.empty() ? s : kind + s + kPdi;
}

// ---- RAII for the C libraries --------------------------------------------------------------
struct GObjectUnref {
  void operator()(void* p) const { g_object_unref(p); }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;
struct SurfaceDestroy {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDestroy {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

// Is `lang` written right to left (Arabic, Urdu)?
bool is_rtl(const std::string& lang);

// ---- blocks of lines -----------------------------------------------------------------------

// One line of a laid-out paragraph, placed relative to the top of its item.
struct LinePart {
  PangoLayout* layout;
  int index;
  double x, baseline;
  const Style* style;
};
// A stroked shape drawn with an item: a line to write or sign on, or a box to tick. `x` is on
// the page, `y` relative to the top of its item.
struct Rule {
  double x, y, width, height;  // height 0: a horizontal line
};
// What pagination moves as a unit: usually one line; a labelled row pairs label and value
// lines so that their baselines match.
struct Item {
  std::vector<LinePart> parts;
  std::vector<Rule> rules;
  double height = 0, space_before = 0;
  bool keep_with_next = false;
  std::string outline;  // PDF bookmark starting here (an offer's name)
};
struct Block {
  std::vector<Item> items;
  double height() const {
    double h = 0;
    for (std::size_t i = 0; i < items.size(); ++i) h += (i ? items[i].space_before : 0) + items[i].height;
    return h;
  }
};

struct LineMetrics {
  double x, ascent, descent;
};

// Makes Pango layouts (it owns them) and turns them into items.
class Typesetter {
 public:
  Typesetter(PangoContext* ltr, PangoContext* rtl) : ltr_(ltr), rtl_(rtl) {}

  // A paragraph (or several, split at '\n') in `lang`'s font, set in direction `rtl` and
  // aligned to its start, wrapped at `width` (< 0: no wrapping).
  PangoLayout* layout(const std::string& text, const std::string& lang, const Style& st, double width, bool rtl,
                      std::optional<PangoAlignment> align = std::nullopt);
  static std::vector<LineMetrics> lines(PangoLayout* l);
  static double width(PangoLayout* l);
  // Appends a paragraph, one item per line, at horizontal offset `x`.
  void paragraph(Block& b, PangoLayout* l, const Style& st, double x, double space_before,
                 bool keep_with_next = false);
  // Appends a labelled row: label lines beside value lines, pairwise on shared baselines.
  void row(Block& b, PangoLayout* label, double label_x, PangoLayout* value, double value_x, double space_before);

 private:
  PangoContext* ltr_;
  PangoContext* rtl_;
  std::vector<GPtr<PangoLayout>> owned_;
};

// ---- pagination ----------------------------------------------------------------------------

struct Placed {
  const Item* item;
  double top;
};
using Page = std::vector<Placed>;

// Keeps a block on one page when it fits on one, keeps items marked keep_with_next with the
// item after them, and drops the space before an item at the top of a page.
std::vector<Page> paginate(const std::vector<Block>& blocks);

// ---- the PDF -------------------------------------------------------------------------------

// One A4 PDF written into memory, in one language. Not copyable or movable (Cairo writes into
// a member). Thread-safe in the sense that every instance has its own font map, surface and
// contexts, so concurrent documents share nothing mutable.
class Document {
 public:
  // `title` goes into the PDF's metadata; `lang` and `rtl` set the base direction and the
  // language-specific glyph forms of the paragraphs.
  Document(const std::string& title, const std::string& lang, bool rtl);
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  Typesetter& typesetter() { return *ts_; }
  // Draws the pages (lines, rules, outline entries) and under each "Page n of N" in t's language.
  void draw(const std::vector<Page>& pages, const i18n::Translator& t);
  // Finishes the file and gives the document catalog /Lang. Fails with an internal error
  // naming `what` if Cairo could not produce it. Call once, after draw().
  Result<std::string> finish(std::string_view what);

 private:
  std::string pdf_;
  std::string lang_;
  bool rtl_;
  std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface_;
  std::unique_ptr<cairo_t, CairoDestroy> cr_;
  GPtr<PangoFontMap> fonts_;
  GPtr<PangoContext> ltr_ctx_, rtl_ctx_;
  std::optional<Typesetter> ts_;
};

}  // namespace kp::pdf::layout
