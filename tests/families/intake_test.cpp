// From concern to follow-up: a service employee registers a concern, the hub's coordinator
// accepts it as a new family (or declines with a reason); a family asks for help through the
// public form and gets a receipt that shows nothing of what they wrote.
#include <gtest/gtest.h>

#include <regex>

#include "app/app_client.hpp"
#include "audit/audit.hpp"
#include "families/intake_rules.hpp"
#include "families/intake_store.hpp"
#include "families/store.hpp"

namespace kp::test {
namespace {

const std::string kMunicipality = "9999";

std::string first_match(const std::string& body, const std::string& pattern) {
  std::smatch m;
  const std::regex re(pattern);
  return std::regex_search(body, m, re) && m.size() > 1 ? std::string(m[1]) : std::string();
}

bool contains(const std::string& body, const std::string& s) { return body.find(s) != std::string::npos; }

class IntakeTest : public AppTest {
 protected:
  using Fields = std::vector<std::pair<std::string, std::string>>;

  Fields concern() {
    return {{"kind", "concern"},          {"child_name", "Mira Fjellheim"}, {"child_birth", "2018-04-12"},
            {"contact_name", "Tone Fjellheim"}, {"phone", "912 34 567"},    {"email", ""},
            {"language", "so"},           {"interpreter", "1"},
            {"description", "Mira kommer ofte sulten til skolen og sover dårlig."},
            {"bti_level", "1"}};
  }
  Reply send(const Fields& f) { return post("/staff/referrals/new", f, "/staff/referrals/new"); }

  std::string user_id(const std::string& username) {
    auto id = app_->db->read([&](store::Conn& c) -> Result<std::string> {
      auto r = c.query_one("SELECT id FROM users WHERE username = $1", {username});
      if (!r) return pass(r);
      return *r ? (*r)->text(0) : std::string();
    });
    return id ? *id : std::string();
  }
  std::vector<families::Referral> inbox_rows() {
    auto rows = app_->db->read([&](store::Conn& c) { return families::list_inbox(c, kMunicipality, 0); });
    EXPECT_TRUE(rows);
    return rows ? *rows : std::vector<families::Referral>{};
  }
  std::vector<std::string> audit_actions(const std::string& entity, const std::string& id) {
    auto recs = audit::recent(*app_->db, kMunicipality, entity, id, 100);
    EXPECT_TRUE(recs);
    std::vector<std::string> out;
    if (recs)
      for (const auto& r : *recs) out.push_back(r.entry.action);
    return out;
  }
  static bool has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }
};

TEST_F(IntakeTest, AConcernFromAServiceEmployeeBecomesAFamilyOnlyTheHubCanOpen) {
  login("helsesykepleier");
  auto receipt = send(concern());
  ASSERT_EQ(receipt.status, 200) << receipt.body.substr(0, 3000);
  const std::string code = first_match(receipt.body, R"(class="kp-receipt-code"[^>]*>([A-Z0-9]{8})<)");
  ASSERT_TRUE(families::is_receipt_code(code)) << code;
  // The receipt is the code only: nothing about the child.
  EXPECT_FALSE(contains(receipt.body, "Mira"));
  EXPECT_FALSE(contains(receipt.body, "912 34 567"));

  jar_.clear();
  login("koordinator");
  auto inbox = get("/staff/referrals");
  ASSERT_EQ(inbox.status, 200);
  // The list shows the child's first name and birth year, nothing more.
  EXPECT_TRUE(contains(inbox.body, "Mira (2018)"));
  EXPECT_FALSE(contains(inbox.body, "Fjellheim"));
  const std::string ref = first_match(inbox.body, "/staff/referrals/([0-9a-f-]{36})");
  ASSERT_FALSE(ref.empty());

  auto page = get("/staff/referrals/" + ref);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "Tone Fjellheim"));
  EXPECT_TRUE(contains(page.body, "Mira kommer ofte sulten"));
  EXPECT_TRUE(contains(page.body, code));
  EXPECT_TRUE(contains(page.body, "value=\"Familien Fjellheim\""));  // suggested family name
  const std::string kai = user_id("koordinator");
  EXPECT_EQ(first_match(page.body, R"re(<option value="([0-9a-f-]{36})" selected>)re"), kai);  // the actor by default

  auto accepted = post("/staff/referrals/" + ref + "/accept",
                       {{"mode", "new"}, {"family_name", "Familien Fjellheim"}, {"coordinator_id", kai}, {"bti_level", "2"}},
                       "/staff/referrals/" + ref);
  ASSERT_EQ(accepted.status, 303) << accepted.body.substr(0, 3000);
  const std::string family = first_match(accepted.header("Location"), "^/staff/families/([0-9a-f-]{36})");
  ASSERT_FALSE(family.empty()) << accepted.header("Location");

  auto fam = get("/staff/families/" + family);
  ASSERT_EQ(fam.status, 200);
  EXPECT_TRUE(contains(fam.body, "Tone Fjellheim"));
  EXPECT_TRUE(contains(fam.body, "Mira Fjellheim"));

  // Stored: the household, the coordinator, the BTI history, the decision.
  auto f = app_->db->read([&](store::Conn& c) { return families::get_family(c, family); });
  ASSERT_TRUE(f && *f);
  EXPECT_EQ((*f)->coordinator_id, kai);
  EXPECT_EQ((*f)->bti_level, 2);
  ASSERT_EQ((*f)->members.size(), 2u);
  EXPECT_EQ((*f)->members[0].role, families::PersonRole::guardian);
  EXPECT_EQ((*f)->members[0].phone, "912 34 567");
  EXPECT_EQ((*f)->members[0].language, "so");
  EXPECT_TRUE((*f)->members[0].interpreter);
  EXPECT_EQ((*f)->members[1].role, families::PersonRole::child);
  EXPECT_EQ((*f)->members[1].birth_date, "2018-04-12");
  auto history = app_->db->read([&](store::Conn& c) { return families::bti_history(c, family); });
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].level, 2);
  auto r = app_->db->read([&](store::Conn& c) { return families::get_referral(c, ref); });
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->status, families::ReferralStatus::accepted);
  EXPECT_EQ((*r)->family_id.value_or(""), family);
  EXPECT_EQ((*r)->decided_by.value_or(""), kai);
  EXPECT_EQ((*r)->from_service, "health");

  // Every step is in the audit log.
  const auto ref_log = audit_actions("referral", ref);
  EXPECT_TRUE(has(ref_log, "referral.create"));
  EXPECT_TRUE(has(ref_log, "referral.list"));
  EXPECT_TRUE(has(ref_log, "referral.view"));
  EXPECT_TRUE(has(ref_log, "referral.accept"));
  EXPECT_TRUE(has(audit_actions("family", family), "family.create"));

  // The nurse who sent the concern has no consent yet: the family does not exist for her.
  jar_.clear();
  login("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + family).status, 404);
}

TEST_F(IntakeTest, AServiceEmployeeCannotSeeTheInboxOrAReferral) {
  login("helsesykepleier");
  ASSERT_EQ(send(concern()).status, 200);
  EXPECT_EQ(get("/staff/referrals").status, 403);
  const std::string ref = inbox_rows().at(0).id;
  EXPECT_EQ(get("/staff/referrals/" + ref).status, 403);
}

TEST_F(IntakeTest, DeclineNeedsAReasonAndThenShowsAsDecided) {
  login("koordinator");
  ASSERT_EQ(send(concern()).status, 200);
  const std::string ref = inbox_rows().at(0).id;
  auto r = post("/staff/referrals/" + ref + "/decline", {{"reason", "  "}}, "/staff/referrals/" + ref);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "href=\"#f-reason\""));
  EXPECT_EQ(inbox_rows().at(0).status, families::ReferralStatus::new_);

  r = post("/staff/referrals/" + ref + "/decline", {{"reason", "Skolehelsetjenesten følger opp selv."}},
           "/staff/referrals/" + ref);
  ASSERT_EQ(r.status, 303);
  const auto row = inbox_rows().at(0);
  EXPECT_EQ(row.status, families::ReferralStatus::declined);
  EXPECT_EQ(row.decision_reason, "Skolehelsetjenesten følger opp selv.");
  // A second decision is refused.
  EXPECT_EQ(post("/staff/referrals/" + ref + "/decline", {{"reason", "Igjen"}}, "/staff/referrals/new").status, 409);
}

TEST_F(IntakeTest, AReferralWithoutTheFamilysConsentIsRefusedButAConcernMayBeSent) {
  login("helsesykepleier");
  auto fields = concern();
  fields[0].second = "referral";
  auto r = send(fields);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "href=\"#f-consent_to_contact\""));
  EXPECT_TRUE(inbox_rows().empty());
  fields.emplace_back("consent_to_contact", "1");
  EXPECT_EQ(send(fields).status, 200);
  ASSERT_EQ(inbox_rows().size(), 1u);
  EXPECT_TRUE(inbox_rows()[0].consent_to_contact);
}

TEST_F(IntakeTest, AttachingToAFamilyTheCoordinatorDoesNotFollowLooksLikeAnUnknownCaseNumber) {
  login("leder");
  auto made = post("/staff/families/new", {{"name", "Familien Lukket"}, {"address_protection", "none"}},
                   "/staff/families/new");
  ASSERT_EQ(made.status, 303);
  const std::string other = first_match(made.header("Location"), "/staff/families/([0-9a-f-]{36})");
  const std::string reference = first_match(get("/staff/families/" + other).body, "(F-\\d{4}-\\d{4})");
  ASSERT_EQ(reference.size(), 11u);
  jar_.clear();
  login("koordinator");
  ASSERT_EQ(send(concern()).status, 200);
  const std::string ref = inbox_rows().at(0).id;
  auto hidden = post("/staff/referrals/" + ref + "/accept", {{"mode", "existing"}, {"reference", reference}},
                     "/staff/referrals/" + ref);
  auto unknown = post("/staff/referrals/" + ref + "/accept", {{"mode", "existing"}, {"reference", "F-2099-9999"}},
                      "/staff/referrals/" + ref);
  EXPECT_EQ(hidden.status, 400);
  EXPECT_EQ(unknown.status, 400);
  const std::string error = R"(id="f-reference-error">([^<]*)<)";
  EXPECT_EQ(first_match(hidden.body, error), first_match(unknown.body, error));
  EXPECT_FALSE(first_match(hidden.body, error).empty());
  EXPECT_FALSE(contains(hidden.body, "Familien Lukket"));
  EXPECT_EQ(inbox_rows().at(0).status, families::ReferralStatus::new_);
}

TEST_F(IntakeTest, AcceptingIntoAFamilyTheCoordinatorFollowsLinksIt) {
  login("koordinator");
  auto made = post("/staff/families/new", {{"name", "Familien Kjent"}, {"address_protection", "none"}},
                   "/staff/families/new");
  const std::string family = first_match(made.header("Location"), "/staff/families/([0-9a-f-]{36})");
  const std::string reference = first_match(get("/staff/families/" + family).body, "(F-\\d{4}-\\d{4})");
  ASSERT_EQ(send(concern()).status, 200);
  const std::string ref = inbox_rows().at(0).id;
  auto r = post("/staff/referrals/" + ref + "/accept", {{"mode", "existing"}, {"reference", reference}},
                "/staff/referrals/" + ref);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  EXPECT_TRUE(r.header("Location").starts_with("/staff/families/" + family));
  EXPECT_EQ(inbox_rows().at(0).family_id.value_or(""), family);
}

TEST(IntakeRules, ReceiptCodesUseOnlyCharactersThatCannotBeMistaken) {
  std::string pool;
  for (int i = 0; i < 512; ++i) pool += static_cast<char>(i % 256);
  size_t at = 0;
  const std::string code = families::make_receipt_code([&](size_t n) {
    std::string out = pool.substr(at, n);
    at += n;
    return out;
  });
  EXPECT_EQ(code.size(), 8u);
  EXPECT_TRUE(families::is_receipt_code(code));
  EXPECT_EQ(code.find_first_of("01OIL"), std::string::npos);
  EXPECT_FALSE(families::is_receipt_code("ABCD1234"));
  EXPECT_FALSE(families::is_receipt_code("ABCDEFG"));
}

TEST(IntakeRules, BirthMayBeADateOrOnlyAYearButNotInTheFuture) {
  families::ReferralInput in;
  in.kind = "concern";
  in.child_name = "Lina";
  in.description = "Bekymret";
  for (const auto& [birth, ok] : std::vector<std::pair<std::string, bool>>{
           {"2019", true}, {"2019-03-31", true}, {"2030", false}, {"2026-12-01", false}, {"31.03.2019", false}}) {
    families::Referral r;
    families::FieldErrorList errs;
    in.child_birth = birth;
    families::apply_referral_input(in, "2026-11-18", r, errs);
    EXPECT_EQ(errs.empty(), ok) << birth;
  }
}

// ---- the public form -------------------------------------------------------------------------

class HelpTest : public IntakeTest {
 protected:
  Fields help() {
    return {{"name", "Amina Testdottir"}, {"phone", "987 65 432"}, {"email", "amina@example.no"},
            {"language", "ar"}, {"interpreter", "1"}, {"children_ages", "4 og 9"},
            {"description", "Vi trenger hjelp med husleia og en aktivitet for sønnen vår."}, {"consent", "1"}};
  }
};

TEST_F(HelpTest, WithoutTheConsentBoxNothingIsStoredAndTheBoxIsNamed) {
  auto fields = help();
  fields.pop_back();
  auto r = post("/help", fields, "/help");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "href=\"#f-consent\""));
  EXPECT_TRUE(contains(r.body, "id=\"f-consent\""));
  EXPECT_TRUE(inbox_rows().empty());
}

TEST_F(HelpTest, TheReceiptShowsTheCodeAndTheHubsPhoneButNothingThePersonWrote) {
  auto r = post("/help", help(), "/help");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 3000);
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  const auto rows = inbox_rows();
  ASSERT_EQ(rows.size(), 1u);
  const auto& stored = rows[0];
  EXPECT_EQ(stored.kind, families::ReferralKind::self);
  EXPECT_TRUE(contains(r.body, stored.receipt));
  EXPECT_TRUE(contains(r.body, "400 00 000"));  // the demo hub's phone
  for (const char* typed : {"Amina", "Testdottir", "987 65 432", "amina@example.no", "husleia", "4 og 9"})
    EXPECT_FALSE(contains(r.body, typed)) << typed;
  // …while the hub has all of it.
  EXPECT_EQ(stored.contact_name, "Amina Testdottir");
  EXPECT_EQ(stored.phone, "987 65 432");
  EXPECT_EQ(stored.language, "ar");
  EXPECT_TRUE(stored.interpreter);
  EXPECT_EQ(stored.children_ages, "4 og 9");
  EXPECT_EQ(stored.description, "Vi trenger hjelp med husleia og en aktivitet for sønnen vår.");
  EXPECT_TRUE(stored.consent_to_contact);
  auto log = audit::recent(*app_->db, kMunicipality, "referral", stored.id, 10);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].entry.action, "referral.self");
  EXPECT_EQ((*log)[0].entry.actor_id, "public");
  // The coordinator sees it in the inbox as a request from the family.
  login("koordinator");
  auto page = get("/staff/referrals/" + stored.id);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "husleia"));
}

TEST_F(HelpTest, APhoneNumberOrAnEmailAddressIsNeeded) {
  auto fields = help();
  fields[1].second = "";
  fields[2].second = "";
  auto r = post("/help", fields, "/help");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "href=\"#f-phone\""));
  fields[2].second = "not-an-address";
  r = post("/help", fields, "/help");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "href=\"#f-email\""));
  EXPECT_TRUE(inbox_rows().empty());
}

TEST_F(HelpTest, TheFormIsInTheVisitorsLanguageAndHelpsPhonesFillIn) {
  auto r = get("/help?lang=en");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body, "<html lang=\"en\""));
  EXPECT_TRUE(contains(r.body, "<option value=\"en\" selected>"));
  EXPECT_TRUE(contains(r.body, "autocomplete=\"name\""));
  EXPECT_TRUE(contains(r.body, "autocomplete=\"tel\""));
  EXPECT_TRUE(contains(r.body, "autocomplete=\"email\""));
  EXPECT_TRUE(contains(r.body, "name=\"csrf\""));
}

TEST_F(HelpTest, ManyMessagesFromOneAddressAreRefusedForAnHour) {
  auto fields = help();
  fields.pop_back();  // invalid on purpose: attempts count whether or not they are stored
  for (int i = 0; i < 10; ++i) ASSERT_EQ(post("/help", fields, "/help").status, 400) << i;
  auto r = post("/help", help(), "/help");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("Retry-After"), "3600");
  EXPECT_TRUE(inbox_rows().empty());
  clock_.set(clock_.now() + 3601);
  EXPECT_EQ(post("/help", help(), "/help").status, 200);
}

}  // namespace
}  // namespace kp::test
