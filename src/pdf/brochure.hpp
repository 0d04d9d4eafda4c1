// The printable brochure (GET /offers/brochure.pdf?lang=…): offers laid out on A4 pages for
// health centres, schools and libraries to print. Rendered with Pango (shaping, bidi, font
// fallback) onto a Cairo PDF surface. This header does not expose Pango or Cairo, and
// src/pdf/brochure.cpp is the only file in the tree that includes them.
#pragma once
#include <string>
#include <vector>

#include "catalog/model.hpp"
#include "catalog/search.hpp"
#include "core/result.hpp"
#include "i18n/i18n.hpp"

namespace kp::pdf {

// A PDF (the bytes of the file) with `title` at the top of page 1 and then one block per
// offer, in the order given: name, organisation, summary, and labelled lines for whom, when,
// where, price, how to sign up and contact. Labels and generated phrases are in t's language;
// offer texts use text_in(…, t.code()) and each paragraph is set in the direction of the
// language it is really in (right-aligned for Arabic and Urdu). Blocks are kept on one page
// when they fit, a heading is never left alone at the foot of a page, and every page has
// "page n of N" in its footer. The PDF carries `title` and the language in its metadata and
// embeds (subsets of) the Noto fonts it uses.
// Fails with an internal error if Cairo cannot produce the document. Thread-safe: every call
// has its own font map, surface and contexts, so concurrent calls share nothing mutable.
Result<std::string> brochure_pdf(const catalog::Snapshot& snap, const std::vector<const catalog::Offer*>& offers,
                                 const i18n::Translator& t, const std::string& title);

}  // namespace kp::pdf
