// The catalog's decisions, as pure functions over plain data: validating an editor's form,
// which offers need confirmation or translation. No SQL, no HTTP.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog/model.hpp"
#include "catalog/search.hpp"
#include "core/clock.hpp"

namespace kp::catalog {

// What an editor submitted, as text (a form may hold anything).
struct OfferForm {
  std::string organization_id, location_id;
  std::map<std::string, std::string> texts;  // nb text per kOfferTextFields entry
  std::string min_age, max_age, fee, capacity;
  bool free = true, interpretation = false;
  std::vector<std::string> target_groups, languages, category_ids;
  std::string contact_name, phone, email, url;
  // One schedule: dates, repeat kind (""/weekly/biweekly/daily/monthly), weekdays, times.
  std::string starts_on, ends_on, repeat, opens_at, closes_at;
  std::vector<std::string> days;  // MO … SU
};

// What the form may refer to, for checking that ids are real and allowed.
struct FormChoices {
  std::vector<std::string> organization_ids;  // the editor may use these
  std::vector<std::string> location_ids;
  std::vector<std::string> category_ids;
  std::vector<std::string> languages;         // known language codes
};

// Validates `form` and fills the editable fields of `offer` (ids, state, owner, times and
// other languages' texts are left alone). Appends one (field, msgid) per problem; `offer`
// is only meaningful when nothing was appended.
void apply_offer_form(const OfferForm& form, const FormChoices& choices, Offer& offer,
                      std::vector<std::pair<std::string, std::string>>& errors);
// The form as an editor sees it for an existing offer.
OfferForm form_from_offer(const Offer& o);

// Offers whose last confirmation is older than `interval_days` at `now`.
bool needs_confirmation(const Offer& o, UnixSeconds now, int interval_days);
// Languages (of `languages`, never nb) in which a text field of the offer is missing or
// outdated.
std::vector<std::string> languages_needing_translation(const Offer& o, const std::vector<std::string>& languages);

}  // namespace kp::catalog
