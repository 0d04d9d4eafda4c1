// The demo catalog (Fjordvik kommune, 9999) and the benchmark generator: the tables are
// consistent and invented, seeding fills a fresh database, and seeding twice changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <regex>
#include <set>

#include "catalog/demo.hpp"
#include "catalog/store.hpp"
#include "core/text.hpp"
#include "store/test_db.hpp"

namespace kp::catalog {
namespace {

constexpr UnixSeconds kNow = 1'790'000'000;  // 2026-09-21
constexpr std::int64_t kSixMonths = 183 * 86400;

// Every text of an offer in every language, for checks that look at all of them.
std::vector<std::string> all_texts(const Offer& o) {
  std::vector<std::string> out{o.contact_name, o.email, o.phone, o.url};
  for (const auto& [field, langs] : o.texts)
    for (const auto& [lang, t] : langs) out.push_back(t.value);
  return out;
}

bool has_name_containing(const std::vector<Offer>& offers, std::string_view folded_word) {
  return std::any_of(offers.begin(), offers.end(), [&](const Offer& o) {
    return text::fold(text_in(o.texts, "name", "nb")).find(folded_word) != std::string::npos;
  });
}

TEST(DemoContent, TablesAreConsistentAndInvented) {
  const CatalogBundle b = build_demo_bundle(kNow);
  EXPECT_EQ(b.municipality.id, "9999");
  EXPECT_EQ(b.municipality.name, "Fjordvik kommune");
  EXPECT_EQ(b.districts.size(), 6u);
  EXPECT_GE(b.organizations.size(), 25u);
  EXPECT_EQ(b.categories.size(), 13u);
  EXPECT_GE(b.offers.size(), 150u);

  std::set<std::string> org_ids, loc_ids, cat_ids, district_ids, offer_ids;
  for (const auto& d : b.districts) district_ids.insert(d.id);
  for (const auto& o : b.organizations) org_ids.insert(o.id);
  for (const auto& c : b.categories) {
    cat_ids.insert(c.id);
    for (const char* lang : {"nb", "nn", "en", "ar", "so", "ti", "pl", "uk", "ur"})
      EXPECT_FALSE(text_in(c.texts, "name", lang).empty()) << c.code << " " << lang;
    EXPECT_TRUE(c.texts.at("name").at("ar").machine);
    EXPECT_FALSE(c.texts.at("name").at("nn").machine);
  }
  for (const auto& l : b.locations) {
    loc_ids.insert(l.id);
    EXPECT_TRUE(l.district_id && district_ids.count(*l.district_id)) << l.name;
    if (l.organization_id) { EXPECT_TRUE(org_ids.count(*l.organization_id)) << l.name; }
  }

  // Invented contact data only: 400 00 0xx numbers, reserved .example domains, and nothing
  // that looks like an 11-digit national identity number.
  const std::regex fictional_phone(R"(400 00 0\d\d)");
  const std::regex eleven_digits(R"(\d{6}\s?\d{5})");
  for (const auto& o : b.organizations) {
    EXPECT_TRUE(std::regex_match(o.phone, fictional_phone)) << o.name << ": " << o.phone;
    EXPECT_NE(o.email.find(".example"), std::string::npos) << o.email;
    EXPECT_NE(o.website.find(".example"), std::string::npos) << o.website;
  }

  std::map<OfferState, int> states;
  int extra_languages = 0, needs_confirmation = 0, outdated = 0;
  for (const Offer& o : b.offers) {
    EXPECT_TRUE(offer_ids.insert(o.id).second) << "duplicate id for " << text_in(o.texts, "name", "nb");
    EXPECT_TRUE(org_ids.count(o.organization_id));
    if (o.location_id) { EXPECT_TRUE(loc_ids.count(*o.location_id)) << text_in(o.texts, "name", "nb"); }
    EXPECT_FALSE(o.category_ids.empty());
    for (const auto& c : o.category_ids) EXPECT_TRUE(cat_ids.count(c));
    for (const char* field : kOfferTextFields)
      for (const char* lang : {"nb", "en"}) {
        ASSERT_TRUE(o.texts.count(field) && o.texts.at(field).count(lang)) << field << " " << lang;
        EXPECT_FALSE(o.texts.at(field).at(lang).value.empty()) << field << " " << lang;
      }
    for (const std::string& s : all_texts(o)) {
      EXPECT_EQ(s.find('{'), std::string::npos) << "placeholder left in: " << s;
      EXPECT_FALSE(std::regex_search(s, eleven_digits)) << s;
      EXPECT_TRUE(text::is_clean_utf8(s)) << s;
    }
    EXPECT_TRUE(std::regex_match(o.phone, fictional_phone)) << o.phone;
    for (const auto& g : o.target_groups)
      EXPECT_TRUE(std::any_of(std::begin(kTargetGroups), std::end(kTargetGroups), [&](const char* k) { return g == k; }))
          << g;
    EXPECT_EQ(o.free, !o.fee_ore.has_value());
    for (const Schedule& s : o.schedules) {
      EXPECT_EQ(s.rrule.find('{'), std::string::npos) << s.rrule;
      if (s.ends_on) { EXPECT_LE(s.starts_on, *s.ends_on) << s.rrule; }
    }
    ++states[o.state];
    if (o.texts.at("name").count("ar")) ++extra_languages;
    if (o.last_confirmed_at < kNow - kSixMonths) ++needs_confirmation;
    for (const char* field : kOfferTextFields) outdated += is_outdated(o.texts, field, "en");
  }
  EXPECT_GE(states[OfferState::published], 140);
  EXPECT_GE(states[OfferState::draft], 2);
  EXPECT_EQ(states[OfferState::unpublished], 1);
  EXPECT_EQ(states[OfferState::archived], 1);
  EXPECT_GE(extra_languages, 10);
  EXPECT_GE(needs_confirmation, 8);
  EXPECT_LE(needs_confirmation, 12);
  // Built with the current nb texts, the stale translations already show as outdated.
  EXPECT_EQ(outdated, 3);
  EXPECT_EQ(b.stale_sources.size(), 3u);

  EXPECT_TRUE(has_name_containing(b.offers, "fotball"));
  EXPECT_TRUE(has_name_containing(b.offers, "skoyteskole"));  // Skøyteskole, folded
  EXPECT_TRUE(has_name_containing(b.offers, "baertur"));      // Bærtur i skogen
  EXPECT_TRUE(has_name_containing(b.offers, "aalesund"));     // Ålesund-tur

  // Same input, same bundle: stable ids.
  const CatalogBundle again = build_demo_bundle(kNow + 86400);
  ASSERT_EQ(again.offers.size(), b.offers.size());
  for (size_t i = 0; i < b.offers.size(); ++i) EXPECT_EQ(again.offers[i].id, b.offers[i].id);
}

TEST(DemoContent, EveryKeyInTheTablesExists) {
  using namespace demo_tables;
  std::set<std::string> orgs, locs, districts, codes;
  for (const auto& o : organizations()) EXPECT_TRUE(orgs.insert(o.key).second) << o.key;
  for (const auto& l : locations()) EXPECT_TRUE(locs.insert(l.key).second) << l.key;
  for (const auto& d : demo_tables::districts()) districts.insert(d.key);
  for (const auto& c : categories()) codes.insert(c.code);
  for (const auto& l : locations()) {
    EXPECT_TRUE(districts.count(l.district)) << l.key;
    if (*l.org) { EXPECT_TRUE(orgs.count(l.org)) << l.key; }
  }
  std::set<std::string> template_keys;
  for (const Template& t : templates()) {
    EXPECT_TRUE(template_keys.insert(t.key).second) << t.key;
    EXPECT_TRUE(orgs.count(t.org)) << t.key;
    if (*t.loc) { EXPECT_TRUE(locs.count(t.loc)) << t.key; }
    EXPECT_TRUE(*t.cats) << t.key;
    for (const Variant& v : t.variants) {
      if (*v.org) { EXPECT_TRUE(orgs.count(v.org)) << t.key << "/" << v.key; }
      if (*v.loc) { EXPECT_TRUE(locs.count(v.loc)) << t.key << "/" << v.key; }
    }
  }
}

TEST(DemoContent, ScaleBundleHasNbAndEnOnly) {
  const CatalogBundle b = build_scale_bundle(1, kNow);
  EXPECT_EQ(b.municipality.id, "9001");
  EXPECT_EQ(b.offers.size(), static_cast<size_t>(kScaleOffersPerMunicipality));
  EXPECT_TRUE(b.stale_sources.empty());
  std::set<std::string> categories;
  for (const Offer& o : b.offers) {
    EXPECT_EQ(o.municipality_id, "9001");
    EXPECT_EQ(o.state, OfferState::published);
    for (const auto& [field, langs] : o.texts)
      for (const auto& [lang, t] : langs) EXPECT_TRUE(lang == "nb" || lang == "en") << lang;
    for (const auto& c : o.category_ids) categories.insert(c);
  }
  EXPECT_EQ(categories.size(), b.categories.size());  // the spread keeps every category
  EXPECT_NE(build_scale_bundle(2, kNow).offers.front().id, b.offers.front().id);
  EXPECT_EQ(build_scale_bundle(kScaleMaxMunicipalities, kNow).municipality.id, "9998");
}

class DemoSeed : public test::StoreTest {
 protected:
  void SetUp() override {
    if (test::missing_postgres()) GTEST_SKIP() << "KP_TEST_ENGINE=postgres without KP_TEST_PG_URL";
    test::StoreTest::SetUp();
    db = open();
    ASSERT_TRUE(db);
  }

  template <class F>
  auto read(F&& fn) {
    auto r = db->read(std::forward<F>(fn));
    EXPECT_TRUE(r) << r.error().message << " / " << r.error().detail;
    return r;
  }
  std::vector<Offer> offers(const std::string& municipality_id, OfferQuery q = {}) {
    q.municipality_id = municipality_id;
    auto r = read([&](store::Conn& c) { return list_offers(c, q); });
    return r ? *r : std::vector<Offer>{};
  }
  std::int64_t version() {
    auto r = read([](store::Conn& c) { return catalog_version(c); });
    return r ? *r : -1;
  }

  std::unique_ptr<store::Database> db;
  ManualClock clock{kNow};
};

TEST_F(DemoSeed, SeedsFjordvikAndSeedingTwiceChangesNothing) {
  ASSERT_TRUE(seed_demo_catalog(*db, clock));

  const auto first = offers(kDemoMunicipalityId);
  EXPECT_GE(first.size(), 150u);
  for (const Offer& o : first) {
    EXPECT_FALSE(text_in(o.texts, "name", "nb").empty());
    ASSERT_TRUE(o.texts.at("name").count("en")) << text_in(o.texts, "name", "nb");
    EXPECT_FALSE(o.texts.at("name").at("en").value.empty());
  }
  EXPECT_TRUE(has_name_containing(first, "fotball"));

  auto orgs = read([](store::Conn& c) { return list_organizations(c, kDemoMunicipalityId); });
  ASSERT_TRUE(orgs);
  EXPECT_GE(orgs->size(), 25u);
  auto cats = read([](store::Conn& c) { return list_categories(c, kDemoMunicipalityId); });
  ASSERT_TRUE(cats);
  std::set<std::string> codes;
  for (const auto& c : *cats) codes.insert(c.code);
  for (const char* code : {"sport-leisure", "culture", "outdoor-life", "holiday-activities", "equipment-loan",
                           "meeting-places", "homework-help", "health", "family-support", "economy-debt", "housing",
                           "work-qualification", "language-integration"})
    EXPECT_TRUE(codes.count(code)) << code;
  auto m = read([](store::Conn& c) { return get_municipality(c, kDemoMunicipalityId); });
  ASSERT_TRUE(m && *m);
  EXPECT_EQ((*m)->name, "Fjordvik kommune");
  EXPECT_EQ((*m)->hub_name, "Knutepunkt Fjordvik");

  // The store kept what the demo needs: stale en translations, machine translations,
  // confirmation dates and the non-public states.
  int outdated = 0, machine = 0, drafts = 0;
  for (const Offer& o : first) {
    for (const char* field : kOfferTextFields) outdated += is_outdated(o.texts, field, "en");
    if (o.texts.at("name").count("so")) machine += o.texts.at("name").at("so").machine;
    drafts += o.state == OfferState::draft;
  }
  EXPECT_EQ(outdated, 3);
  EXPECT_GE(machine, 10);
  EXPECT_GE(drafts, 2);
  OfferQuery stale;
  stale.confirmed_before = kNow - kSixMonths;
  const auto need_confirmation = offers(kDemoMunicipalityId, stale);
  EXPECT_GE(need_confirmation.size(), 8u);
  EXPECT_LE(need_confirmation.size(), 12u);

  // Seeding again, a day later: nothing is written.
  const std::int64_t v1 = version();
  clock.advance(86400);
  auto again = write_bundle(*db, build_demo_bundle(clock.now()), clock.now());
  ASSERT_TRUE(again) << again.error().detail;
  EXPECT_EQ(*again, 0);
  ASSERT_TRUE(seed_demo_catalog(*db, clock));
  EXPECT_EQ(version(), v1);
  const auto second = offers(kDemoMunicipalityId);
  ASSERT_EQ(second.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(second[i].id, first[i].id);
    EXPECT_EQ(second[i].updated_at, first[i].updated_at);
    EXPECT_EQ(second[i].version, first[i].version);
  }
  auto orgs2 = read([](store::Conn& c) { return list_organizations(c, kDemoMunicipalityId); });
  ASSERT_TRUE(orgs2);
  ASSERT_EQ(orgs2->size(), orgs->size());
  for (size_t i = 0; i < orgs->size(); ++i) EXPECT_EQ((*orgs2)[i].updated_at, (*orgs)[i].updated_at);
}

TEST_F(DemoSeed, RepairsAChangedOffer) {
  ASSERT_TRUE(seed_demo_catalog(*db, clock));
  const Offer victim = offers(kDemoMunicipalityId).front();
  ASSERT_TRUE(db->with_write([&](store::Conn& c) -> Status {
    return put_translation(c, "offer", victim.id, "summary", "nb", "Endret av noen", false, kNow);
  }));
  clock.advance(60);
  auto written = write_bundle(*db, build_demo_bundle(clock.now()), clock.now());
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, 1);
  auto repaired = read([&](store::Conn& c) { return get_offer(c, victim.id); });
  ASSERT_TRUE(repaired && *repaired);
  EXPECT_EQ(text_in((*repaired)->texts, "summary", "nb"), text_in(victim.texts, "summary", "nb"));
}

TEST_F(DemoSeed, ScaleCatalogOfThreeMunicipalities) {
  ASSERT_TRUE(seed_scale_catalog(*db, clock, 3));
  size_t total = 0;
  for (const char* id : {"9001", "9002", "9003"}) total += offers(id).size();
  EXPECT_EQ(total, 3u * kScaleOffersPerMunicipality);  // 420
  EXPECT_TRUE(offers(kDemoMunicipalityId).empty());

  const std::int64_t v1 = version();
  ASSERT_TRUE(seed_scale_catalog(*db, clock, 3));
  EXPECT_EQ(version(), v1);
  EXPECT_FALSE(seed_scale_catalog(*db, clock, -1));
  EXPECT_FALSE(seed_scale_catalog(*db, clock, kScaleMaxMunicipalities + 1));
}

// Timing for the benchmark catalog: KP_SCALE_N municipalities (default 20). Run with
// --gtest_also_run_disabled_tests --gtest_filter='*ScaleTiming*'.
TEST_F(DemoSeed, DISABLED_ScaleTiming) {
  const char* env = std::getenv("KP_SCALE_N");
  const int n = env ? std::atoi(env) : 20;
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(seed_scale_catalog(*db, clock, n));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("seed_scale_catalog(%d): %.2f s, %.1f ms per municipality, 357 → ~%.0f s\n", n, s, 1000 * s / n,
              s / n * 357);
}

}  // namespace
}  // namespace kp::catalog
