// Short phrases about an offer in a reader's language — for whom, what it costs, when — used
// by the pages and the PDF brochure alike. Pure; thread-safe.
#pragma once
#include <string>

#include "catalog/model.hpp"
#include "i18n/i18n.hpp"

namespace kp::catalog {

std::string age_text(const i18n::Translator& t, const Offer& o);
std::string price_text(const i18n::Translator& t, const Offer& o);
std::string schedule_text(const i18n::Translator& t, const Schedule& s);

}  // namespace kp::catalog
