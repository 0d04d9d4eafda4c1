#include <gtest/gtest.h>

#include "catalog/rules.hpp"

using namespace kp;
using namespace kp::catalog;

namespace {
FormChoices choices() {
  FormChoices c;
  c.organization_ids = {"org-1"};
  c.location_ids = {"loc-1"};
  c.category_ids = {"cat-1", "cat-2"};
  c.languages = {"nb", "en", "ar"};
  return c;
}
OfferForm valid_form() {
  OfferForm f;
  f.organization_id = "org-1";
  f.texts["name"] = "Skøyteskole";
  f.texts["summary"] = "Lær å gå på skøyter.";
  f.min_age = "6";
  f.max_age = "10";
  f.category_ids = {"cat-1"};
  f.languages = {"nb", "ar"};
  f.starts_on = "2027-01-05";
  f.repeat = "weekly";
  f.days = {"TU"};
  f.ends_on = "2027-03-30";
  f.opens_at = "17:00";
  f.closes_at = "18:00";
  return f;
}
std::vector<std::string> fields(const std::vector<std::pair<std::string, std::string>>& e) {
  std::vector<std::string> out;
  for (const auto& [f, m] : e) out.push_back(f);
  return out;
}
}  // namespace

TEST(OfferForm, AValidFormFillsTheOffer) {
  Offer o;
  std::vector<std::pair<std::string, std::string>> errors;
  apply_offer_form(valid_form(), choices(), o, errors);
  ASSERT_TRUE(errors.empty()) << errors.front().first << ": " << errors.front().second;
  EXPECT_EQ(text_in(o.texts, "name", "nb"), "Skøyteskole");
  EXPECT_EQ(*o.min_age, 6);
  ASSERT_EQ(o.schedules.size(), 1u);
  EXPECT_EQ(o.schedules[0].rrule, "FREQ=WEEKLY;BYDAY=TU");
  EXPECT_TRUE(o.free);
  // and back: what the editor sees again is what they wrote
  OfferForm back = form_from_offer(o);
  EXPECT_EQ(back.repeat, "weekly");
  EXPECT_EQ(back.days, std::vector<std::string>{"TU"});
  EXPECT_EQ(back.texts["summary"], "Lær å gå på skøyter.");
}

TEST(OfferForm, EveryBadFieldIsNamed) {
  OfferForm f = valid_form();
  f.organization_id = "someone-elses-org";
  f.texts["name"] = "";
  f.min_age = "12";
  f.max_age = "8";
  f.free = false;
  f.fee = "gratis?";
  f.category_ids = {"not-a-category"};
  f.email = "not an email";
  f.url = "javascript:alert(1)";
  f.opens_at = "25:00";
  f.ends_on = "2026-01-01";
  Offer o;
  std::vector<std::pair<std::string, std::string>> errors;
  apply_offer_form(f, choices(), o, errors);
  auto names = fields(errors);
  for (const char* expected : {"organization_id", "name", "max_age", "fee", "categories", "email", "url", "opens_at", "ends_on"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
}

TEST(OfferForm, PricesInKroner) {
  OfferForm f = valid_form();
  f.free = false;
  f.fee = "49,50";
  Offer o;
  std::vector<std::pair<std::string, std::string>> errors;
  apply_offer_form(f, choices(), o, errors);
  ASSERT_TRUE(errors.empty());
  EXPECT_EQ(*o.fee_ore, 4950);
  EXPECT_EQ(form_from_offer(o).fee, "49,50");
}

TEST(Confirmation, OldConfirmationsAreListedButNotArchivedOffers) {
  Offer o;
  o.state = OfferState::published;
  o.last_confirmed_at = 0;
  EXPECT_TRUE(needs_confirmation(o, 200 * 86400, 182));
  EXPECT_FALSE(needs_confirmation(o, 100 * 86400, 182));
  o.state = OfferState::archived;
  EXPECT_FALSE(needs_confirmation(o, 200 * 86400, 182));
}

TEST(Translation, MissingAndOutdatedLanguagesAreListed) {
  Offer o;
  o.texts["name"]["nb"] = {"Leksehjelp", source_hash_of("Leksehjelp"), false, 0};
  o.texts["name"]["en"] = {"Homework help", source_hash_of("Leksehjelp"), false, 0};
  o.texts["name"]["ar"] = {"مساعدة", source_hash_of("Gammel tekst"), true, 0};
  auto need = languages_needing_translation(o, {"nb", "en", "ar", "pl"});
  EXPECT_EQ(need, (std::vector<std::string>{"ar", "pl"}));
  EXPECT_TRUE(is_outdated(o.texts, "name", "ar"));
  EXPECT_FALSE(is_outdated(o.texts, "name", "en"));
}
