// Shared typesetting: paragraphs → lines (Pango shapes every paragraph and breaks it into
// lines), blocks → pages (pagination works on whole lines, so nothing is ever cut), pages →
// PDF (Cairo draws the lines and embeds font subsets).
#include "pdf/text_layout.hpp"

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace kp::pdf::layout {
namespace {

struct FontDescriptionFree {
  void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
struct AttrListUnref {
  void operator()(PangoAttrList* a) const { pango_attr_list_unref(a); }
};

// Families in the order Pango should try them; it takes each character from the first one
// that has it. Left to fontconfig's own fallback, DejaVu Sans (which has Arabic glyphs) can
// win over Noto, and Urdu would not get its Nastaliq style.
std::string families(const std::string& lang) {
  return lang == "ur" ? "Noto Sans,Noto Nastaliq Urdu,Noto Sans Arabic,Noto Sans Ethiopic,DejaVu Sans"
                      : "Noto Sans,Noto Sans Arabic,Noto Naskh Arabic,Noto Sans Ethiopic,DejaVu Sans";
}

// Debian's Noto Nastaliq Urdu Bold (fonts-noto-core 20201225) declares normal weight, so
// fontconfig cannot tell it from the Regular by weight and all Urdu text came out bold. Adding
// the style name ("Regular" or "Bold") to each pattern lets it choose: fontconfig ranks style
// above weight, and for fonts whose faces are named otherwise weight still decides.
void add_style_name(FcPattern* pattern, gpointer) {
  double weight = 0;
  int int_weight = 0;
  if (FcPatternGetDouble(pattern, FC_WEIGHT, 0, &weight) != FcResultMatch) {
    if (FcPatternGetInteger(pattern, FC_WEIGHT, 0, &int_weight) != FcResultMatch) return;
    weight = int_weight;
  }
  FcPatternDel(pattern, FC_STYLE);
  FcPatternAddString(pattern, FC_STYLE, reinterpret_cast<const FcChar8*>(weight >= FC_WEIGHT_BOLD ? "Bold" : "Regular"));
}

void prefer_style_names(PangoFontMap* fonts) {
  if (std::string_view(G_OBJECT_TYPE_NAME(fonts)) != "PangoCairoFcFontMap") return;
  pango_fc_font_map_set_default_substitute(reinterpret_cast<PangoFcFontMap*>(fonts), add_style_name, nullptr, nullptr);
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {  // nothing may unwind through Cairo's C frames
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

GPtr<PangoContext> make_context(PangoFontMap* fonts, cairo_t* cr, const std::string& lang, bool rtl) {
  GPtr<PangoContext> c(pango_font_map_create_context(fonts));
  pango_cairo_update_context(cr, c.get());  // the PDF surface's font options: no hinting
  // Whole-point glyph positions would make uneven letter spacing in a vector format.
  pango_context_set_round_glyph_positions(c.get(), FALSE);
  pango_context_set_base_dir(c.get(), rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
  pango_context_set_language(c.get(), pango_language_from_string(lang.c_str()));
  return c;
}

// Gives the document catalog /Lang, which screen readers use to pick a voice (ISO 32000-1
// §14.9.2) and Cairo has no API for, by appending an incremental update that rewrites the
// catalog object — the standard way to amend a finished PDF without moving its bytes.
// Leaves `pdf` as it is when it does not have the plain trailer Cairo writes.
void set_document_language(std::string& pdf, const std::string& lang) {
  if (lang.empty() || !std::all_of(lang.begin(), lang.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }))
    return;
  const std::size_t sx = pdf.rfind("startxref"), tr = pdf.rfind("trailer", sx);
  if (sx == std::string::npos || tr == std::string::npos) return;
  const std::string trailer = pdf.substr(tr, sx - tr);
  const std::size_t open = trailer.find("<<"), close = trailer.rfind(">>"), root = trailer.find("/Root ");
  if (open == std::string::npos || close == std::string::npos || root == std::string::npos ||
      trailer.find("/Prev") != std::string::npos)
    return;
  const long long prev_xref = std::atoll(pdf.c_str() + sx + 9);
  const long catalog_id = std::atol(trailer.c_str() + root + 6);
  const std::string header = fmt::format("\n{} 0 obj", catalog_id);
  const std::size_t obj = pdf.find(header);
  if (prev_xref <= 0 || catalog_id <= 0 || obj == std::string::npos) return;
  // The catalog dictionary, up to its matching ">>".
  const std::size_t dict = pdf.find("<<", obj);
  std::size_t end = dict;
  for (int depth = 0; end != std::string::npos && end + 1 < pdf.size(); ++end) {
    if (pdf.compare(end, 2, "<<") == 0) ++depth, ++end;
    else if (pdf.compare(end, 2, ">>") == 0 && --depth == 0) break;
  }
  if (dict == std::string::npos || end + 1 >= pdf.size()) return;
  const std::string body = pdf.substr(dict + 2, end - dict - 2);
  if (body.find("/Type /Catalog") == std::string::npos || body.find("/Lang") != std::string::npos) return;
  if (pdf.back() != '\n') pdf += '\n';
  const std::size_t new_obj = pdf.size();
  pdf += fmt::format("{} 0 obj\n<<{}   /Lang ({})\n>>\nendobj\n", catalog_id, body, lang);
  const std::size_t new_xref = pdf.size();
  pdf += fmt::format("xref\n{} 1\n{:010} 00000 n \ntrailer\n<<{}   /Prev {}\n>>\nstartxref\n{}\n%%EOF\n", catalog_id,
                     new_obj, trailer.substr(open + 2, close - open - 2), prev_xref, new_xref);
}

}  // namespace

bool is_rtl(const std::string& lang) {
  const i18n::LanguageInfo* li = i18n::find_language(lang);
  return li && li->rtl;
}

// ---- blocks of lines -----------------------------------------------------------------------

PangoLayout* Typesetter::layout(const std::string& text, const std::string& lang, const Style& st, double width,
                                bool rtl, std::optional<PangoAlignment> align) {
  PangoLayout* l = pango_layout_new(rtl ? rtl_ : ltr_);
  owned_.emplace_back(l);
  // The direction comes from the language of the text, not from auto-dir's first strong
  // character, which gets Arabic sentences that start with a Latin name ("NAV …") wrong.
  pango_layout_set_auto_dir(l, FALSE);
  pango_layout_set_alignment(l, align.value_or(rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT));
  if (width > 0) pango_layout_set_width(l, pango_units_from_double(width));
  pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  std::unique_ptr<PangoFontDescription, FontDescriptionFree> fd(pango_font_description_new());
  pango_font_description_set_family(fd.get(), families(lang).c_str());
  pango_font_description_set_size(fd.get(), pango_units_from_double(st.size));
  pango_font_description_set_weight(fd.get(), st.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(l, fd.get());
  // The language picks language-specific glyph forms (Urdu digits and letters, 'locl').
  std::unique_ptr<PangoAttrList, AttrListUnref> attrs(pango_attr_list_new());
  pango_attr_list_insert(attrs.get(), pango_attr_language_new(pango_language_from_string(lang.c_str())));
  pango_layout_set_attributes(l, attrs.get());
  // Pango warns about and mangles invalid UTF-8; the catalog should never hold any.
  if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) {
    pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
  } else {
    gchar* valid = g_utf8_make_valid(text.data(), static_cast<gssize>(text.size()));
    pango_layout_set_text(l, valid, -1);
    g_free(valid);
  }
  return l;
}

std::vector<LineMetrics> Typesetter::lines(PangoLayout* l) {
  std::vector<LineMetrics> out;
  PangoLayoutIter* it = pango_layout_get_iter(l);
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    const double baseline = pango_units_to_double(pango_layout_iter_get_baseline(it));
    const double top = pango_units_to_double(logical.y);
    out.push_back({pango_units_to_double(logical.x), baseline - top,
                   top + pango_units_to_double(logical.height) - baseline});
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  return out;
}

double Typesetter::width(PangoLayout* l) {
  PangoRectangle logical;
  pango_layout_get_extents(l, nullptr, &logical);
  return pango_units_to_double(logical.width);
}

void Typesetter::paragraph(Block& b, PangoLayout* l, const Style& st, double x, double space_before,
                           bool keep_with_next) {
  const auto ls = lines(l);
  for (std::size_t i = 0; i < ls.size(); ++i) {
    Item item;
    item.parts.push_back({l, static_cast<int>(i), x + ls[i].x, ls[i].ascent, &st});
    item.height = ls[i].ascent + ls[i].descent;
    item.space_before = i == 0 ? space_before : 0;
    item.keep_with_next = keep_with_next;
    b.items.push_back(std::move(item));
  }
}

void Typesetter::row(Block& b, PangoLayout* label, double label_x, PangoLayout* value, double value_x,
                     double space_before) {
  const auto ll = label ? lines(label) : std::vector<LineMetrics>{};
  const auto vl = lines(value);
  for (std::size_t i = 0; i < std::max(ll.size(), vl.size()); ++i) {
    const double asc = std::max(i < ll.size() ? ll[i].ascent : 0, i < vl.size() ? vl[i].ascent : 0);
    const double desc = std::max(i < ll.size() ? ll[i].descent : 0, i < vl.size() ? vl[i].descent : 0);
    Item item;
    if (i < ll.size()) item.parts.push_back({label, static_cast<int>(i), label_x + ll[i].x, asc, &kLabel});
    if (i < vl.size()) item.parts.push_back({value, static_cast<int>(i), value_x + vl[i].x, asc, &kBody});
    item.height = asc + desc;
    item.space_before = i == 0 ? space_before : 0;
    b.items.push_back(std::move(item));
  }
}

// ---- pagination ----------------------------------------------------------------------------

std::vector<Page> paginate(const std::vector<Block>& blocks) {
  std::vector<Page> pages(1);
  double y = kBodyTop;
  auto new_page = [&] {
    pages.emplace_back();
    y = kBodyTop;
  };
  for (const Block& b : blocks) {
    if (b.items.empty()) continue;
    const double h = b.height();
    if (!pages.back().empty() && h <= kBodyBottom - kBodyTop && y + b.items[0].space_before + h > kBodyBottom)
      new_page();
    for (std::size_t i = 0; i < b.items.size(); ++i) {
      double need = pages.back().empty() ? 0 : b.items[i].space_before;
      for (std::size_t j = i; j < b.items.size(); ++j) {
        need += (j > i ? b.items[j].space_before : 0) + b.items[j].height;
        if (!b.items[j].keep_with_next) break;
      }
      if (!pages.back().empty() && y + need > kBodyBottom) new_page();
      if (!pages.back().empty()) y += b.items[i].space_before;
      pages.back().push_back({&b.items[i], y});
      y += b.items[i].height;
    }
  }
  return pages;
}

// ---- the PDF -------------------------------------------------------------------------------

Document::Document(const std::string& title, const std::string& lang, bool rtl) : lang_(lang), rtl_(rtl) {
  surface_.reset(cairo_pdf_surface_create_for_stream(append_to_string, &pdf_, kPageWidth, kPageHeight));
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "Knutepunkt");
  cr_.reset(cairo_create(surface_.get()));
  // A font map of our own: Pango's default one is per thread (since 1.32.6) and would be
  // safe too, but this way nothing about fonts outlives or is shared between calls.
  fonts_.reset(pango_cairo_font_map_new());
  pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fonts_.get()), 72);  // 1 pt = 1 unit
  prefer_style_names(fonts_.get());
  ltr_ctx_ = make_context(fonts_.get(), cr_.get(), lang, false);
  rtl_ctx_ = make_context(fonts_.get(), cr_.get(), lang, true);
  ts_.emplace(ltr_ctx_.get(), rtl_ctx_.get());
}

void Document::draw(const std::vector<Page>& pages, const i18n::Translator& t) {
  cairo_t* cr = cr_.get();
  for (std::size_t p = 0; p < pages.size(); ++p) {
    for (const Placed& pl : pages[p]) {
      if (!pl.item->outline.empty()) {
        const std::string dest = fmt::format("page={} pos=[{:.1f} {:.1f}]", p + 1, kMargin, pl.top);
        cairo_pdf_surface_add_outline(surface_.get(), CAIRO_PDF_OUTLINE_ROOT, pl.item->outline.c_str(), dest.c_str(),
                                      CAIRO_PDF_OUTLINE_FLAG_OPEN);
      }
      for (const LinePart& part : pl.item->parts) {
        cairo_set_source_rgb(cr, part.style->r, part.style->g, part.style->b);
        cairo_move_to(cr, part.x, pl.top + part.baseline);
        pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(part.layout, part.index));
      }
      for (const Rule& r : pl.item->rules) {
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
        cairo_set_line_width(cr, r.height > 0 ? 0.9 : 0.6);
        if (r.height > 0) cairo_rectangle(cr, r.x, pl.top + r.y, r.width, r.height);
        else {
          cairo_move_to(cr, r.x, pl.top + r.y);
          cairo_line_to(cr, r.x + r.width, pl.top + r.y);
        }
        cairo_stroke(cr);
      }
    }
    const std::string footer = t.tr_args("Page {page} of {pages}", {{"page", t.number(static_cast<long long>(p + 1))},
                                                                     {"pages", t.number(static_cast<long long>(pages.size()))}});
    PangoLayout* fl = ts_->layout(footer, lang_, kFooter, kTextWidth, rtl_, PANGO_ALIGN_CENTER);
    cairo_set_source_rgb(cr, kFooter.r, kFooter.g, kFooter.b);
    cairo_move_to(cr, kMargin, kFooterBaseline - pango_units_to_double(pango_layout_get_baseline(fl)));
    pango_cairo_show_layout(cr, fl);
    cairo_show_page(cr);
  }
}

Result<std::string> Document::finish(std::string_view what) {
  const cairo_status_t drawn = cairo_status(cr_.get());
  cr_.reset();
  cairo_surface_finish(surface_.get());
  const cairo_status_t finished = cairo_surface_status(surface_.get());
  if (drawn != CAIRO_STATUS_SUCCESS || finished != CAIRO_STATUS_SUCCESS)
    return internal_error(std::string(what) + ": cairo: " +
                          cairo_status_to_string(drawn != CAIRO_STATUS_SUCCESS ? drawn : finished));
  set_document_language(pdf_, lang_);
  return std::move(pdf_);
}

}  // namespace kp::pdf::layout
