// A person registered twice is merged without losing history: the duplicate stays (marked),
// consents follow the kept person, empty fields are filled, and families the coordinator does
// not work with are neither shown nor touched.
#include <gtest/gtest.h>

#include <regex>

#include "app/app_client.hpp"
#include "audit/audit.hpp"
#include "core/ids.hpp"
#include "families/merge.hpp"
#include "families/store.hpp"

namespace kp::test {
namespace {

const std::string kMunicipality = "9999";

std::string first_match(const std::string& text, const std::string& pattern) {
  std::smatch m;
  const std::regex re(pattern);
  return std::regex_search(text, m, re) && m.size() > 1 ? std::string(m[1]) : std::string();
}

class MergeTest : public AppTest {
 protected:
  std::string create_family(const std::string& name) {
    auto r = post("/staff/families/new", {{"name", name}, {"address_protection", "none"}}, "/staff/families/new");
    EXPECT_EQ(r.status, 303);
    return first_match(r.header("Location"), "/staff/families/([0-9a-f-]{36})");
  }
  // Adds a child through the member form and returns the new person's id.
  std::string add_child(const std::string& family, const std::string& given, const std::string& birth,
                        const std::string& phone, const std::string& email, const std::string& school) {
    const std::string form = "/staff/families/" + family + "/members/new";
    auto r = post(form,
                  {{"role", "child"}, {"given_name", given}, {"family_name", "Nordli"}, {"birth_date", birth},
                   {"language", "nb"}, {"phone", phone}, {"email", email}, {"school", school}},
                  form);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
    auto f = app_->db->read([&](store::Conn& c) { return families::get_family(c, family); });
    if (!f || !*f) return {};
    for (const auto& m : (*f)->members)
      if (m.given_name == given) return m.id;
    return {};
  }
  families::Person person(const std::string& id) {
    auto p = app_->db->read([&](store::Conn& c) { return families::get_person(c, id); });
    EXPECT_TRUE(p && *p);
    return p && *p ? **p : families::Person{};
  }
  std::string merge_form_page(const std::string& family, const std::string& person) {
    return "/staff/families/" + family + "/members/" + person + "/duplicates";
  }
};

TEST_F(MergeTest, MergingKeepsTheDuplicateForHistoryMovesConsentsAndFillsOnlyEmptyFields) {
  login("koordinator");
  const std::string a = create_family("Familien Nordli");
  const std::string b = create_family("Familien Nordli Sør");
  const std::string kept = add_child(a, "Emil", "2016-02-03", "", "emil.a@example.no", "");
  // Registering the same child in the other family warns about a possible duplicate.
  const std::string form = "/staff/families/" + b + "/members/new";
  auto second = post(form,
                     {{"role", "child"}, {"given_name", "Emil"}, {"family_name", "Nordli"}, {"birth_date", "2016-02-03"},
                      {"language", "nb"}, {"phone", "41234567"}, {"email", "emil.b@example.no"}, {"school", "Fjordvik skole"}},
                     form);
  ASSERT_EQ(second.status, 303);
  EXPECT_NE(second.header("Location").find("?duplicate=1"), std::string::npos);
  const std::string dup = first_match(second.header("Location"), "members/([0-9a-f-]{36})/edit");
  ASSERT_FALSE(kept.empty());
  ASSERT_FALSE(dup.empty());

  // A young person's own consent recorded on the duplicate.
  families::Consent k;
  k.id = ids::new_uuid();
  k.family_id = b;
  k.subject_person_id = dup;
  k.given_by = "Emil Nordli";
  k.services = {"health"};
  k.info_kinds = {"basic"};
  k.purpose = "Oppfølging";
  k.valid_from = "2026-01-01";
  k.valid_to = "2027-01-01";
  k.recorded_by = "x";
  ASSERT_TRUE(app_->db->write([&](store::Conn& c) { return families::insert_consent(c, kMunicipality, k, clock_.now()); }));

  auto page = get(merge_form_page(a, kept));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Familien Nordli Sør"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"" + dup + "\""), std::string::npos);

  auto r = post("/staff/families/" + a + "/members/" + kept + "/merge", {{"other", dup}}, merge_form_page(a, kept));
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);

  const auto d = person(dup);
  EXPECT_EQ(d.merged_into.value_or(""), kept);  // kept for history, marked
  const auto p = person(kept);
  EXPECT_EQ(p.phone, "41234567");                // filled from the duplicate
  EXPECT_EQ(p.school, "Fjordvik skole");
  EXPECT_EQ(p.email, "emil.a@example.no");       // never overwritten
  auto consent = app_->db->read([&](store::Conn& c) { return families::get_consent(c, k.id); });
  ASSERT_TRUE(consent && *consent);
  EXPECT_EQ((*consent)->subject_person_id.value_or(""), kept);
  auto fb = app_->db->read([&](store::Conn& c) { return families::get_family(c, b); });
  ASSERT_TRUE(fb && *fb);
  EXPECT_TRUE((*fb)->members.empty());           // hidden from its family's list
  // Both families' logs show the merge.
  for (const auto& fam : {a, b}) {
    auto log = audit::recent(*app_->db, kMunicipality, "family", fam, 50);
    ASSERT_TRUE(log);
    EXPECT_TRUE(std::any_of(log->begin(), log->end(), [](const audit::Record& x) { return x.entry.action == "person.merge"; }))
        << fam;
  }
  // Nothing is left to merge.
  EXPECT_EQ(get(merge_form_page(a, kept)).body.find("value=\"" + dup + "\""), std::string::npos);
}

TEST_F(MergeTest, APersonCannotBeMergedIntoThemselvesOrIntoARecordAlreadyMerged) {
  login("koordinator");
  const std::string a = create_family("Familien Nordli");
  const std::string x = add_child(a, "Emil", "2016-02-03", "", "", "");
  const std::string y = add_child(a, "Emilie", "2016-02-03", "", "", "");
  const std::string z = add_child(a, "Ella", "2017-02-03", "", "", "");
  auto merge = [&](const std::string& keep, const std::string& other) {
    return app_->db->with_write([&](store::Conn& c) { return families::merge_persons(c, keep, other, "u", clock_.now()); });
  };
  auto self = merge(x, x);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().kind, ErrorKind::invalid);
  ASSERT_TRUE(merge(x, y));
  auto into_merged = merge(y, z);
  ASSERT_FALSE(into_merged);
  EXPECT_EQ(into_merged.error().kind, ErrorKind::invalid);
  EXPECT_FALSE(person(z).merged_into.has_value());
  auto missing = merge(x, ids::new_uuid());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

TEST_F(MergeTest, DuplicatesInAFamilyWithoutGroundsAreOnlyCountedAndCannotBeMerged) {
  // A family the coordinator does not work with (the leader registered it, no coordinator yet).
  login("leder");
  const std::string hidden_family = create_family("Familien Skjult");
  const std::string hidden_person = ids::new_uuid();
  families::Person p;
  p.id = hidden_person;
  p.family_id = hidden_family;
  p.role = families::PersonRole::child;
  p.given_name = "Emil";
  p.family_name = "Nordli";
  p.birth_date = "2016-02-03";
  ASSERT_TRUE(app_->db->write([&](store::Conn& c) { return families::insert_person(c, kMunicipality, p, clock_.now()); }));

  jar_.clear();
  login("koordinator");
  const std::string a = create_family("Familien Nordli");
  const std::string kept = add_child(a, "Emil", "2016-02-03", "", "", "");
  auto page = get(merge_form_page(a, kept));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("Familien Skjult"), std::string::npos);
  EXPECT_EQ(page.body.find(hidden_person), std::string::npos);
  EXPECT_EQ(page.body.find(hidden_family), std::string::npos);
  EXPECT_NE(page.body.find("data-color=\"info\""), std::string::npos);  // the count and the advice

  auto r = post("/staff/families/" + a + "/members/" + kept + "/merge", {{"other", hidden_person}}, merge_form_page(a, kept));
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(person(hidden_person).merged_into.has_value());
}

}  // namespace
}  // namespace kp::test
