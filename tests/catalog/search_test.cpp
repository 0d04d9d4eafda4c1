// The public search against a real database on both engines: the demo catalog is seeded,
// a snapshot built, and queries asked the way families type them.
#include <gtest/gtest.h>

#include "audit/audit.hpp"
#include "catalog/demo.hpp"
#include "catalog/search.hpp"
#include "catalog/store.hpp"
#include "core/text.hpp"
#include "store/test_db.hpp"

using namespace kp;
using namespace kp::catalog;

namespace {

class CatalogSearch : public test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_ = open();
    ASSERT_TRUE(db_);
    ASSERT_TRUE(seed_demo_catalog(*db_, clock_));
    auto s = Snapshot::load(*db_);
    ASSERT_TRUE(s);
    snap_ = *s;
  }
  std::vector<std::string> names(const SearchQuery& q) {
    std::vector<std::string> out;
    SearchQuery qq = q;
    qq.per_page = 1000;
    for (const Offer* o : snap_->search(qq, {2026, 11, 24}).items) out.push_back(text_in(o->texts, "name", "nb"));
    return out;
  }
  SearchQuery q(std::string text) {
    SearchQuery s;
    s.q = std::move(text);
    return s;
  }
  ManualClock clock_{1795000000};
  std::unique_ptr<store::Database> db_;
  std::shared_ptr<const Snapshot> snap_;
};

bool any_contains(const std::vector<std::string>& v, const std::string& needle) {
  for (const auto& s : v)
    if (s.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_F(CatalogSearch, PrefixFindsCompoundWords) {
  auto r = names(q("fotball"));
  ASSERT_FALSE(r.empty());
  EXPECT_TRUE(any_contains(r, "Fotballtrening"));
}

TEST_F(CatalogSearch, InsideCompoundWords) {
  EXPECT_TRUE(any_contains(names(q("trening")), "Fotballtrening"));
}

TEST_F(CatalogSearch, NorwegianLettersTypedAsPlainLetters) {
  auto with = names(q("skøyte"));
  ASSERT_FALSE(with.empty());
  EXPECT_EQ(names(q("skoyte")), with);
  EXPECT_EQ(names(q("SKØYTE")), with);
  EXPECT_FALSE(names(q("baer")).empty());   // bær
  EXPECT_FALSE(names(q("aalesund")).empty());  // Ålesund
}

TEST_F(CatalogSearch, EnglishWordsFindOffersToo) {
  EXPECT_FALSE(names(q("homework")).empty());
}

TEST_F(CatalogSearch, NothingFoundIsEmptyNotAnError) {
  EXPECT_TRUE(names(q("xyzzyqwerty")).empty());
}

TEST_F(CatalogSearch, NameMatchesRankAboveDescriptionMatches) {
  auto r = names(q("leksehjelp"));
  ASSERT_FALSE(r.empty());
  EXPECT_NE(r.front().find("eksehjelp"), std::string::npos) << r.front();
}

TEST_F(CatalogSearch, FiltersNarrowTheList) {
  SearchQuery all;
  const auto total = names(all).size();
  EXPECT_GE(total, 140u);  // drafts, unpublished and archived are not public
  SearchQuery free_only;
  free_only.free_only = true;
  auto frees = snap_->search(free_only, {2026, 11, 24});
  EXPECT_LT(frees.total, total);
  for (const Offer* o : frees.items) EXPECT_TRUE(o->free);
  SearchQuery age;
  age.age = 12;
  age.per_page = 1000;
  for (const Offer* o : snap_->search(age, {2026, 11, 24}).items) {
    if (o->min_age) {
      EXPECT_LE(*o->min_age, 12);
    }
    if (o->max_age) {
      EXPECT_GE(*o->max_age, 12);
    }
  }
  SearchQuery cat;
  cat.category = "homework-help";
  EXPECT_GT(snap_->search(cat, {2026, 11, 24}).total, 0u);
  SearchQuery wrong_cat;
  wrong_cat.category = "no-such-category";
  EXPECT_EQ(snap_->search(wrong_cat, {2026, 11, 24}).total, 0u);
  SearchQuery lang;
  lang.language = "ar";
  lang.per_page = 1000;
  for (const Offer* o : snap_->search(lang, {2026, 11, 24}).items)
    EXPECT_NE(std::find(o->languages.begin(), o->languages.end(), "ar"), o->languages.end());
}

TEST_F(CatalogSearch, PagingCoversEveryResultOnce) {
  SearchQuery p;
  p.per_page = 7;
  auto first = snap_->search(p, {2026, 11, 24});
  std::set<std::string> seen;
  for (int page = 1; page <= first.pages; ++page) {
    p.page = page;
    for (const Offer* o : snap_->search(p, {2026, 11, 24}).items) EXPECT_TRUE(seen.insert(o->id).second);
  }
  EXPECT_EQ(seen.size(), first.total);
}

TEST_F(CatalogSearch, NorwegianOrderWithoutASearchWord) {
  SearchQuery all;
  all.per_page = 1000;
  auto r = snap_->search(all, {2026, 11, 24});
  for (size_t i = 1; i < r.items.size(); ++i)
    EXPECT_LE(text::nb_sort_key(text_in(r.items[i - 1]->texts, "name", "nb")),
              text::nb_sort_key(text_in(r.items[i]->texts, "name", "nb")));
}

TEST_F(CatalogSearch, PublishingShowsUpAfterTheCacheIsInvalidated) {
  SnapshotCache cache(*db_, clock_, 3600);
  auto before = cache.get();
  ASSERT_TRUE(before);
  auto drafts = db_->read([](store::Conn& c) { return list_offers(c, {"", {OfferState::draft}, {}, {}, {}, {}}); });
  ASSERT_TRUE(drafts);
  ASSERT_FALSE(drafts->empty());
  const std::string id = drafts->front().id;
  EXPECT_EQ((*before)->offer(id), nullptr);
  ASSERT_TRUE(db_->with_write([&](store::Conn& c) { return set_offer_state(c, id, OfferState::published, clock_.now()); }));
  cache.invalidate();
  auto after = cache.get();
  ASSERT_TRUE(after);
  EXPECT_NE((*after)->offer(id), nullptr);
}

TEST(SearchQueryParse, BadValuesAreReportedPerField) {
  std::vector<FieldError> errors;
  auto q = parse_search_query({{"q", "ski"}, {"age", "-3"}, {"day", "8"}, {"from", "2026-02-30"}, {"page", "x"}, {"free", "1"}}, errors);
  EXPECT_EQ(q.q, "ski");
  EXPECT_TRUE(q.free_only);
  EXPECT_FALSE(q.age);
  std::set<std::string> fields;
  for (const auto& e : errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"age", "day", "from", "page"}));
  errors.clear();
  parse_search_query({{"from", "2026-05-01"}, {"to", "2026-04-01"}}, errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "to");
}

TEST_F(CatalogSearch, ARepeatedMunicipalityDoesNotRepeatOffers) {
  SearchQuery once;
  once.municipality_ids = {"9999"};
  SearchQuery twice;
  twice.municipality_ids = {"9999", "9999"};
  EXPECT_EQ(snap_->search(once, {2026, 11, 24}).total, snap_->search(twice, {2026, 11, 24}).total);
  twice.q = "fotball";
  once.q = "fotball";
  EXPECT_EQ(snap_->search(once, {2026, 11, 24}).total, snap_->search(twice, {2026, 11, 24}).total);
}
