// Consent as staff and families meet it: a consent opens the family to the team members of the
// services it covers, a withdrawal or expiry shuts them out on the very next request, refusals
// and young people's own consents open nothing, the form is printed in every language without
// the address, the signed scan must really be a PDF or an image, and the caseload's query finds
// exactly the consents that run out soon.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>

#include "app/app_client.hpp"
#include "core/ids.hpp"
#include "core/national_id.hpp"
#include "families/consent_rules.hpp"
#include "families/consent_store.hpp"
#include "families/store.hpp"
#include "pdf/consent_form.hpp"

namespace kp::test {
namespace {

using families::Consent;
using families::Family;
using families::Person;
using families::PersonRole;

// The form's input cannot carry an address or an identity number: what is not there cannot be
// printed. (Checked at compile time; the tests below check the printed text as well.)
template <class T>
concept HasAddress = requires(T x) { x.address; } || requires(T x) { x.postal_code; } || requires(T x) { x.city; };
template <class T>
concept HasNationalId = requires(T x) { x.national_id; };
static_assert(!HasAddress<pdf::ConsentFormInput> && !HasAddress<pdf::ConsentFormPerson>);
static_assert(!HasNationalId<pdf::ConsentFormInput> && !HasNationalId<pdf::ConsentFormPerson>);
static_assert(HasAddress<Family> && HasNationalId<Person>);  // the concepts do detect the fields

// A synthetic (month + 80) number for someone born on `d` (people born after 1999 need 500–999).
std::string synthetic_id(CivilDate d, int from = 500) {
  for (int i = from; i < 1000; ++i)
    if (auto s = make_synthetic_national_id(d, i); !s.empty()) return s;
  return {};
}

constexpr const char* kToday = "2026-11-18";  // AppTest's clock

// The text of a PDF as poppler's pdftotext reads it, or nullopt when poppler-utils is missing.
// Set KP_KEEP_TEST_OUTPUT=1 to keep the PDFs (the paths are printed) and look at them.
std::optional<std::string> pdf_text(const std::string& pdf, const std::string& name) {
  if (std::system("command -v pdftotext >/dev/null 2>&1") != 0) return std::nullopt;
  const auto file = std::filesystem::temp_directory_path() / ("kp-consent-" + std::to_string(::getpid()) + "-" + name + ".pdf");
  {
    std::ofstream out(file, std::ios::binary);
    out << pdf;
  }
  std::string text;
  if (FILE* p = popen(("pdftotext -q -enc UTF-8 '" + file.string() + "' - 2>/dev/null").c_str(), "r")) {
    std::array<char, 4096> buf;
    while (size_t n = fread(buf.data(), 1, buf.size(), p)) text.append(buf.data(), n);
    pclose(p);
  }
  // KP_KEEP_TEST_OUTPUT=1 keeps the PDFs to look at (as the brochure test does).
  if (std::getenv("KP_KEEP_TEST_OUTPUT")) std::cout << "[ KEPT     ] " << file.string() << "\n";
  else std::filesystem::remove(file);
  return text;
}

class ConsentPagesTest : public AppTest {
 protected:
  ConsentPagesTest() { lang_ = "en"; }  // the assertions read English texts
  void as(const std::string& user) {
    jar_.clear();
    login(user);
  }
  std::string user_id(const std::string& username) {
    auto r = app_->db->read([&](store::Conn& c) -> Result<std::string> {
      auto row = c.query_one("SELECT id FROM users WHERE username = $1", {username});
      if (!row) return pass(row);
      return *row ? (*row)->text(0) : std::string();
    });
    EXPECT_TRUE(r);
    return r ? *r : std::string();
  }
  // Creates a family as the signed-in coordinator and returns its id.
  std::string create_family(const std::string& name, const std::string& protection = "none") {
    auto r = post("/staff/families/new", {{"name", name}, {"address_protection", protection},
                                          {"address", "Skjulestien 13"}, {"postal_code", "9876"}, {"city", "Gjemstad"}},
                  "/staff/families/new");
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    std::smatch m;
    const std::string loc = r.header("Location");
    static const std::regex re("/staff/families/([0-9a-f-]{36})");
    EXPECT_TRUE(std::regex_search(loc, m, re)) << loc;
    return m.size() > 1 ? std::string(m[1]) : std::string();
  }
  // Adds a person and returns their id (read back from the store).
  std::string add_person(const std::string& fid, const std::string& role, const std::string& given,
                         const std::string& birth, const std::string& nid = {}, const std::string& lang = "nb") {
    auto r = post("/staff/families/" + fid + "/members/new",
                  {{"role", role}, {"given_name", given}, {"family_name", "Lyngstad"}, {"birth_date", birth},
                   {"national_id", nid}, {"language", lang}},
                  "/staff/families/" + fid + "/members/new");
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    auto f = app_->db->read([&](store::Conn& c) { return families::get_family(c, fid); });
    EXPECT_TRUE(f && *f);
    for (const auto& p : (*f)->members)
      if (p.given_name == given) return p.id;
    return {};
  }
  void add_nurse_to_team(const std::string& fid) {
    auto r = post("/staff/families/" + fid + "/team", {{"user_id", user_id("helsesykepleier")}}, "/staff/families/" + fid);
    ASSERT_EQ(r.status, 303);
    ASSERT_EQ(r.header("Location"), "/staff/families/" + fid + "?saved=1");
  }
  using Fields = std::vector<std::pair<std::string, std::string>>;
  Fields consent_fields(const std::vector<std::string>& services, const std::string& valid_to = "2027-11-17") {
    Fields f{{"given_by", "Line og Tor Lyngstad"}, {"subject", "family"}, {"purpose", "Samarbeid om familiens plan"},
             {"valid_from", kToday}, {"valid_to", valid_to}, {"form", "written"}, {"language", "nb"}};
    for (const auto& s : services) f.emplace_back("services", s);
    f.emplace_back("info_kinds", "basic");
    f.emplace_back("info_kinds", "plan");
    return f;
  }
  Reply record(const std::string& fid, const Fields& fields) {
    return post("/staff/families/" + fid + "/consent/new", fields, "/staff/families/" + fid + "/consent/new");
  }
  std::vector<Consent> stored_consents(const std::string& fid) {
    auto k = app_->db->read([&](store::Conn& c) { return families::consents(c, fid); });
    EXPECT_TRUE(k);
    return k ? *k : std::vector<Consent>{};
  }
  int audit_count(const std::string& action, const std::string& fid) {
    auto n = app_->db->read([&](store::Conn& c) -> Result<int> {
      auto r = c.query_one("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND entity_id = $2", {action, fid});
      if (!r) return pass(r);
      return static_cast<int>((*r)->integer(0));
    });
    return n ? *n : -1;
  }
  // A browser's upload of one file named `filename`, claiming `type`.
  Reply upload_scan(const std::string& fid, const std::string& kid, const std::string& filename,
                    const std::string& type, const std::string& bytes) {
    const std::string token = csrf_from(get("/staff/families/" + fid + "/consent").body);
    const std::string boundary = "----kpConsentBoundary9f8e7d";
    std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + token + "\r\n";
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"scan\"; filename=\"" + filename +
            "\"\r\nContent-Type: " + type + "\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
    return request(http::Method::POST, "/staff/families/" + fid + "/consent/" + kid + "/scan", body, {},
                   "multipart/form-data; boundary=" + boundary);
  }
};

TEST_F(ConsentPagesTest, ConsentForHealthOpensTheFamilyToTheNurseButConsentForNavDoesNot) {
  as("koordinator");
  const std::string fid = create_family("Familien Lyngstad");
  add_nurse_to_team(fid);
  as("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + fid).status, 404);
  EXPECT_EQ(get("/staff/families/" + fid + "/consent").status, 404);

  as("koordinator");
  ASSERT_EQ(record(fid, consent_fields({"nav"})).status, 303);
  as("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + fid).status, 404);

  as("koordinator");
  auto r = record(fid, consent_fields({"health", "school"}));
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
  EXPECT_EQ(r.header("Location"), "/staff/families/" + fid + "/consent?saved=1");
  as("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + fid).status, 200);
  auto page = get("/staff/families/" + fid + "/consent");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Line og Tor Lyngstad"), std::string::npos);
  // The nurse may read consents but not record or withdraw them.
  EXPECT_EQ(page.body.find("/withdraw\""), std::string::npos);
  EXPECT_EQ(get("/staff/families/" + fid + "/consent/new").status, 404);

  // Each consent was audited by id, without the names of who gave it.
  EXPECT_EQ(audit_count("consent.record", fid), 2);
  auto details = app_->db->read([&](store::Conn& c) -> Result<std::string> {
    auto rows = c.query("SELECT details FROM audit_log WHERE action = 'consent.record' AND entity_id = $1", {fid});
    if (!rows) return pass(rows);
    std::string all;
    for (const auto& row : *rows) all += row.text(0);
    return all;
  });
  ASSERT_TRUE(details);
  for (const auto& k : stored_consents(fid)) EXPECT_NE(details->find(k.id), std::string::npos);
  EXPECT_EQ(details->find("Lyngstad"), std::string::npos);
}

TEST_F(ConsentPagesTest, WithdrawalShutsTheNurseOutOnTheVeryNextRequest) {
  as("koordinator");
  const std::string fid = create_family("Familien Lyngstad");
  add_nurse_to_team(fid);
  ASSERT_EQ(record(fid, consent_fields({"health"})).status, 303);
  const auto stored = stored_consents(fid);
  ASSERT_EQ(stored.size(), 1u);
  const std::string kid = stored[0].id;

  as("helsesykepleier");
  ASSERT_EQ(get("/staff/families/" + fid).status, 200);
  // The nurse cannot withdraw (only the coordinator manages consent).
  EXPECT_EQ(post("/staff/families/" + fid + "/consent/" + kid + "/withdraw", {}, "/staff/families/" + fid + "/consent")
                .status,
            404);

  as("koordinator");
  const std::string page = "/staff/families/" + fid + "/consent";
  ASSERT_NE(get(page).body.find("/consent/" + kid + "/withdraw"), std::string::npos);
  auto r = post("/staff/families/" + fid + "/consent/" + kid + "/withdraw", {{"note", "Mor ringte"}}, page);
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), page + "?withdrawn=1");
  auto after = get(page + "?withdrawn=1");
  EXPECT_NE(after.body.find("their team members are shut out at once"), std::string::npos);
  EXPECT_NE(after.body.find("Withdrawn consents"), std::string::npos);
  EXPECT_EQ(audit_count("consent.withdraw", fid), 1);
  // A second click changes nothing and is not audited again.
  EXPECT_EQ(post("/staff/families/" + fid + "/consent/" + kid + "/withdraw", {}, page).status, 303);
  EXPECT_EQ(audit_count("consent.withdraw", fid), 1);

  as("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + fid).status, 404);
  EXPECT_EQ(get("/staff/families/" + fid + "/consent").status, 404);
}

TEST_F(ConsentPagesTest, AConsentThatRunsOutWarnsTheCoordinatorAndThenClosesAccess) {
  as("koordinator");
  const std::string fid = create_family("Familien Lyngstad");
  add_nurse_to_team(fid);
  ASSERT_EQ(record(fid, consent_fields({"health"}, "2026-11-28")).status, 303);
  auto page = get("/staff/families/" + fid + "/consent");
  EXPECT_NE(page.body.find("Runs out soon"), std::string::npos);
  EXPECT_NE(page.body.find("Ask the family whether they want to renew it"), std::string::npos);

  as("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + fid).status, 200);
  // (Sessions do not last days, so the nurse logs in again after each jump.)
  clock_.advance(10 * 86400);  // 2026-11-28: the last day still counts
  as("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + fid).status, 200);
  clock_.advance(86400);  // 2026-11-29
  as("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + fid).status, 404);

  as("koordinator");
  EXPECT_NE(get("/staff/families/" + fid + "/consent").body.find("Expired consents"), std::string::npos);
}

TEST_F(ConsentPagesTest, ARefusalIsRecordedButGivesNoAccess) {
  as("koordinator");
  const std::string fid = create_family("Familien Lyngstad");
  add_nurse_to_team(fid);
  auto fields = consent_fields({"health"});
  fields.emplace_back("refused", "1");
  ASSERT_EQ(record(fid, fields).status, 303);
  const auto stored = stored_consents(fid);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_TRUE(stored[0].refused);
  EXPECT_EQ(stored[0].services, std::vector<std::string>{"health"});
  EXPECT_EQ(audit_count("consent.refusal", fid), 1);
  EXPECT_EQ(audit_count("consent.record", fid), 0);
  EXPECT_NE(get("/staff/families/" + fid + "/consent").body.find("Refusals"), std::string::npos);

  as("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + fid).status, 404);
}

TEST_F(ConsentPagesTest, OnlyYoungPeopleFromTheConsentAgeCanGiveTheirOwnConsent) {
  as("koordinator");
  const std::string fid = create_family("Familien Lyngstad");
  add_person(fid, "guardian", "Line", "1985-04-02");
  const std::string older = add_person(fid, "child", "Mina", "2011-11-18");    // 15 today
  const std::string younger = add_person(fid, "child", "Theo", "2011-11-19");  // 15 tomorrow
  add_nurse_to_team(fid);

  auto form = get("/staff/families/" + fid + "/consent/new");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("value=\"" + older + "\""), std::string::npos);
  EXPECT_EQ(form.body.find("value=\"" + younger + "\""), std::string::npos);

  auto fields = consent_fields({"health"});
  fields[1].second = younger;
  auto r = record(fid, fields);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("href=\"#f-subject\""), std::string::npos);
  EXPECT_NE(r.body.find("too young to give their own consent"), std::string::npos);
  EXPECT_TRUE(stored_consents(fid).empty());

  fields[1].second = older;
  fields[0].second = "Mina Lyngstad";
  ASSERT_EQ(record(fid, fields).status, 303);
  const auto stored = stored_consents(fid);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].subject_person_id.value_or(""), older);
  EXPECT_NE(get("/staff/families/" + fid + "/consent").body.find("Mina Lyngstad&#39;s own consent"), std::string::npos);
  // A young person's own consent covers only them: it does not open the family to the team.
  as("helsesykepleier");
  EXPECT_EQ(get("/staff/families/" + fid).status, 404);
}

TEST_F(ConsentPagesTest, FormErrorsNameEachFieldAndNothingIsWritten) {
  as("koordinator");
  const std::string fid = create_family("Familien Lyngstad");
  auto r = record(fid, {{"given_by", " "}, {"subject", "family"}, {"purpose", ""}, {"valid_from", "2026-12-01"},
                        {"valid_to", "2026-11-30"}, {"form", "telepathy"}, {"language", "xx"}});
  EXPECT_EQ(r.status, 400);
  for (const char* field : {"given_by", "services", "info_kinds", "purpose", "valid_to", "form", "language"})
    EXPECT_NE(r.body.find(std::string("href=\"#f-") + field + "\""), std::string::npos) << field;
  EXPECT_NE(r.body.find("id=\"f-services\""), std::string::npos);  // the link has a target

  // More than three years.
  r = record(fid, consent_fields({"health"}, "2029-11-19"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("href=\"#f-valid_to\""), std::string::npos);
  EXPECT_NE(r.body.find("at most three years"), std::string::npos);
  // An unknown service code (a tampered form).
  r = record(fid, consent_fields({"health", "secret_police"}));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("href=\"#f-services\""), std::string::npos);

  EXPECT_TRUE(stored_consents(fid).empty());
  EXPECT_EQ(audit_count("consent.record", fid), 0);
  // Exactly three years is allowed.
  EXPECT_EQ(record(fid, consent_fields({"health"}, "2029-11-18")).status, 303);
}

// What this proves: the form is produced in every configured language (a PDF of real size),
// with the right headers, for a family whose address is protected and one whose is not; the
// text poppler extracts from each PDF has the family's names and neither the address nor any
// identity number; and the lines the generator lays out have neither, even when handed a family
// whose address is filled in. (The PDF bytes are not searched directly: Cairo compresses the
// page streams and writes glyph ids, not text, so a byte search would pass whatever the PDF
// says. Without poppler-utils the extraction step is skipped and says so; the static_asserts
// above and the line check still hold.)
TEST_F(ConsentPagesTest, TheFormIsPrintedInEveryLanguageWithoutAddressOrIdentityNumbers) {
  as("koordinator");
  for (const std::string protection : {"strict", "none"}) {
    const std::string fid = create_family("Familien Lyngstad", protection);
    const std::string guardian_id = synthetic_id({1985, 4, 2}, 100);
    const std::string child_id = synthetic_id({2011, 6, 9});
    ASSERT_FALSE(guardian_id.empty());
    ASSERT_FALSE(child_id.empty());
    add_person(fid, "guardian", "Line", "", guardian_id, "ar");
    add_person(fid, "child", "Mina", "", child_id);
    for (const auto& lang : app_->catalogs.enabled()) {
      auto r = get("/staff/families/" + fid + "/consent/form.pdf?lang=" + lang);
      ASSERT_EQ(r.status, 200) << lang;
      EXPECT_TRUE(r.body.starts_with("%PDF-")) << lang;
      EXPECT_GT(r.body.size(), 10000u) << lang;
      EXPECT_EQ(r.header("Cache-Control"), "no-store");
      EXPECT_EQ(r.header("Content-Disposition").rfind("inline; filename=\"consent-form-F-", 0), 0u)
          << r.header("Content-Disposition");
      for (char ch : r.header("Content-Disposition")) EXPECT_TRUE(static_cast<unsigned char>(ch) < 0x80);
      if (const auto text = pdf_text(r.body, protection + "-" + lang)) {
        EXPECT_NE(text->find("Lyngstad"), std::string::npos) << lang << ": " << *text;
        for (const char* secret : {"Skjulestien", "9876", "Gjemstad"})
          EXPECT_EQ(text->find(secret), std::string::npos) << lang << ": " << secret;
        EXPECT_EQ(text->find(guardian_id), std::string::npos) << lang;
        EXPECT_EQ(text->find(child_id), std::string::npos) << lang;
      } else {
        std::cout << "[ NOTE     ] pdftotext is not installed: the PDF's own text was not checked\n";
      }
    }

    // The same family as the form's generator sees it, with the address filled in as if it
    // were not protected, and every language's lines.
    auto f = app_->db->read([&](store::Conn& c) { return families::get_family(c, fid); });
    ASSERT_TRUE(f && *f);
    Family fam = **f;
    fam.address = "Skjulestien 13";
    fam.postal_code = "9876";
    fam.city = "Gjemstad";
    pdf::ConsentFormInput in;
    in.family_name = fam.name;
    in.reference = fam.reference;
    in.people = families::consent_form_people(fam, kToday, 15);
    in.services = {"Helse"};
    in.info_kinds = {"Plan"};
    std::size_t lines_nb = 0;
    for (const auto& lang : app_->catalogs.enabled()) {
      const auto lines = pdf::consent_form_lines(in, app_->catalogs.get(lang));
      if (lang == "nb") lines_nb = lines.size();
      std::string all;
      for (const auto& l : lines) all += l.text + "\n";
      for (const char* secret : {"Skjulestien", "9876", "Gjemstad"}) EXPECT_EQ(all.find(secret), std::string::npos) << lang;
      EXPECT_EQ(all.find(guardian_id), std::string::npos) << lang;
      EXPECT_EQ(all.find(child_id), std::string::npos) << lang;
      EXPECT_EQ(all.find(child_id.substr(0, 6)), std::string::npos) << lang;
      EXPECT_NE(all.find("Line Lyngstad"), std::string::npos) << lang;
      EXPECT_NE(all.find("Mina Lyngstad"), std::string::npos) << lang;
      // The same form in every language: the same parts in the same order.
      if (lines_nb) {
        EXPECT_EQ(lines.size(), lines_nb) << lang;
      }
    }
    // A signature line for the guardian, and one for Mina, who at 15 gives her own consent.
    const auto lines = pdf::consent_form_lines(in, app_->catalogs.get("nb"));
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(), [](const auto& l) { return l.part == pdf::FormPart::signature; }), 2);
  }
}

TEST_F(ConsentPagesTest, TheSignedScanMustReallyBeAPdfOrAnImage) {
  as("koordinator");
  const std::string fid = create_family("Familien Lyngstad");
  add_nurse_to_team(fid);
  ASSERT_EQ(record(fid, consent_fields({"health"})).status, 303);
  const std::string kid = stored_consents(fid).at(0).id;
  const std::string scan = "/staff/families/" + fid + "/consent/" + kid + "/scan";

  auto r = upload_scan(fid, kid, "signert-skjema.pdf", "application/pdf", "Dette er bare tekst, ikke en PDF.\n");
  EXPECT_EQ(r.status, 415);
  EXPECT_NE(r.body.find("must be a PDF, JPEG or PNG"), std::string::npos);
  EXPECT_EQ(get(scan).status, 404);
  EXPECT_EQ(audit_count("consent.scan", fid), 0);

  const std::string pdf_bytes = std::string("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n", 34) + "trailer\n<<>>\n%%EOF\n";
  r = upload_scan(fid, kid, "C:\\Skanner\\signert.pdf", "application/octet-stream", pdf_bytes);
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  EXPECT_EQ(r.header("Location"), "/staff/families/" + fid + "/consent?scan=1");
  EXPECT_EQ(audit_count("consent.scan", fid), 1);
  auto got = get(scan);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, pdf_bytes);
  EXPECT_EQ(got.header("Cache-Control"), "no-store");
  EXPECT_EQ(got.header("Content-Disposition"), "attachment; filename=\"signed-consent-" + kid.substr(0, 8) + ".pdf\"");
  EXPECT_NE(get("/staff/families/" + fid + "/consent").body.find(scan), std::string::npos);

  // A PNG replaces it, whatever the browser claims it is.
  const std::string png = std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) + std::string(64, '\x01');
  ASSERT_EQ(upload_scan(fid, kid, "scan.txt", "text/plain", png).status, 303);
  got = get(scan);
  EXPECT_EQ(got.body, png);
  auto stored = app_->db->read([&](store::Conn& c) { return families::get_consent_scan(c, fid, kid); });
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->content_type, "image/png");
  EXPECT_EQ((*stored)->filename, "scan.txt");

  // The nurse may fetch it while the consent covers her service, and not after it is withdrawn.
  as("helsesykepleier");
  EXPECT_EQ(get(scan).status, 200);  // covered by the health consent
  as("koordinator");
  ASSERT_EQ(post("/staff/families/" + fid + "/consent/" + kid + "/withdraw", {}, "/staff/families/" + fid + "/consent").status, 303);
  as("helsesykepleier");
  EXPECT_EQ(get(scan).status, 404);
}

// ---- the caseload's query ----------------------------------------------------------------------

TEST_F(ConsentPagesTest, ExpiringConsentsAreExactlyTheValidWholeFamilyConsentsInTheWindow) {
  const std::string me = user_id("koordinator"), other = user_id("leder");
  const std::string mun = catalog::kDemoMunicipalityId;
  const UnixSeconds now = clock_.now();
  struct Case {
    const char* name;
    std::string coordinator, valid_to;
    bool refused = false, withdrawn = false, youth = false, closed = false;
  };
  const std::vector<Case> cases = {
      {"A today", me, "2026-11-18"},
      {"B last day of window", me, "2026-12-18"},
      {"C yesterday", me, "2026-11-17"},
      {"D after window", me, "2026-12-19"},
      {"E withdrawn", me, "2026-12-01", false, true},
      {"F refused", me, "2026-12-01", true},
      {"G youth", me, "2026-12-01", false, false, true},
      {"H other coordinator", other, "2026-11-30"},
      {"I closed family", me, "2026-12-01", false, false, false, true},
  };
  std::map<std::string, std::string> consent_of;  // case name → consent id
  auto st = app_->db->with_write([&](store::Conn& c) -> Status {
    consent_of.clear();
    for (const auto& k : cases) {
      Family f;
      f.id = ids::new_uuid();
      f.municipality_id = mun;
      f.name = std::string("Familien ") + k.name;
      f.coordinator_id = k.coordinator;
      Person child;
      child.id = ids::new_uuid();
      child.role = PersonRole::child;
      child.given_name = "Ung";
      child.family_name = "Person";
      child.birth_date = "2010-01-01";
      f.members.push_back(child);
      auto ref = families::insert_family(c, f, now);
      if (!ref) return pass(ref);
      if (k.closed) KP_TRY(families::close_family(c, f.id, "done", "good", now));
      Consent consent;
      consent.id = ids::new_uuid();
      consent.family_id = f.id;
      if (k.youth) consent.subject_person_id = child.id;
      consent.given_by = "Foreldrene";
      consent.services = {"health"};
      consent.info_kinds = {"basic"};
      consent.purpose = "Plan";
      consent.valid_from = "2026-01-01";
      consent.valid_to = k.valid_to;
      consent.refused = k.refused;
      consent.recorded_by = me;
      KP_TRY(families::insert_consent(c, mun, consent, now));
      if (k.withdrawn) KP_TRY(families::withdraw_consent(c, f.id, consent.id, me, "", now));
      consent_of[k.name] = consent.id;
    }
    return {};
  });
  ASSERT_TRUE(st) << st.error().detail;

  auto ids_of = [](const std::vector<families::ExpiringConsent>& v) {
    std::vector<std::string> out;
    for (const auto& e : v) out.push_back(e.consent_id);
    return out;
  };
  auto all = app_->db->read([&](store::Conn& c) {
    return families::expiring_consents(c, mun, std::nullopt, "2026-11-18", "2026-12-18");
  });
  ASSERT_TRUE(all);
  EXPECT_EQ(ids_of(*all), (std::vector<std::string>{consent_of["A today"], consent_of["H other coordinator"],
                                                     consent_of["B last day of window"]}));
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].valid_to, "2026-11-18");
  EXPECT_EQ((*all)[0].family_name, "Familien A today");
  EXPECT_EQ((*all)[0].reference.rfind("F-2026-", 0), 0u);

  auto mine = app_->db->read([&](store::Conn& c) {
    return families::expiring_consents(c, mun, me, "2026-11-18", "2026-12-18");
  });
  ASSERT_TRUE(mine);
  EXPECT_EQ(ids_of(*mine), (std::vector<std::string>{consent_of["A today"], consent_of["B last day of window"]}));

  auto elsewhere = app_->db->read([&](store::Conn& c) {
    return families::expiring_consents(c, "0301", std::nullopt, "2026-11-18", "2026-12-18");
  });
  ASSERT_TRUE(elsewhere);
  EXPECT_TRUE(elsewhere->empty());
}

// ---- the rules alone -----------------------------------------------------------------------------

TEST(ConsentRulesTest, AgeCountsWholeYearsAndLeapDayBirthdaysComeOnTheFirstOfMarch) {
  EXPECT_EQ(families::age_on("2011-11-18", "2026-11-18"), 15);
  EXPECT_EQ(families::age_on("2011-11-19", "2026-11-18"), 14);
  EXPECT_EQ(families::age_on("2008-02-29", "2023-02-28"), 14);
  EXPECT_EQ(families::age_on("2008-02-29", "2023-03-01"), 15);
  EXPECT_EQ(families::age_on("", "2026-11-18"), std::nullopt);
  EXPECT_EQ(families::age_on("2030-01-01", "2026-11-18"), std::nullopt);
  EXPECT_EQ(families::latest_valid_to("2026-11-18"), "2029-11-18");
  EXPECT_EQ(families::latest_valid_to("2028-02-29"), "2031-02-28");
}

TEST(ConsentRulesTest, ScanTypesComeFromTheFirstBytesNotTheName) {
  EXPECT_EQ(families::scan_content_type("%PDF-1.7\n..."), "application/pdf");
  EXPECT_EQ(families::scan_content_type("\xFF\xD8\xFF\xE0 JFIF"), "image/jpeg");
  EXPECT_EQ(families::scan_content_type(std::string_view("\x89PNG\r\n\x1A\n", 8)), "image/png");
  EXPECT_EQ(families::scan_content_type("PDF-1.7 but not really"), std::nullopt);
  EXPECT_EQ(families::scan_content_type("<html><script>"), std::nullopt);
  EXPECT_EQ(families::scan_content_type(""), std::nullopt);
  EXPECT_EQ(families::clean_filename("C:\\Users\\x\\skjema \"1\".pdf"), "skjema 1.pdf");
  EXPECT_EQ(families::clean_filename("../../etc/passwd"), "passwd");
  EXPECT_EQ(families::clean_filename(""), "scan");
}

TEST(ConsentRulesTest, TheFormLanguageIsTheFirstGuardiansWhenTheFormExistsInIt) {
  Family f;
  Person child, mother;
  child.role = PersonRole::child;
  child.language = "so";
  mother.role = PersonRole::guardian;
  mother.language = "ti";
  f.members = {child, mother};
  EXPECT_EQ(families::default_form_language(f, {"nb", "ti", "so"}), "ti");
  EXPECT_EQ(families::default_form_language(f, {"nb", "so"}), "nb");
}

}  // namespace
}  // namespace kp::test
