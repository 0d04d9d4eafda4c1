// The pages as a family and an editor use them, through the whole request path minus sockets.
#include <fstream>
#include <sstream>

#include "app_client.hpp"
#include "audit/audit.hpp"
#include "catalog/store.hpp"

using namespace kp;
using kp::http::Method;

namespace {
class Pages : public test::AppTest {
 protected:
  std::string some_offer_id(const std::string& name_part) {
    auto snap = app_->catalog.get();
    EXPECT_TRUE(snap);
    for (const auto& o : (*snap)->offers())
      if (catalog::text_in(o.texts, "name", "nb").find(name_part) != std::string::npos) return o.id;
    return {};
  }
  std::int64_t offer_count() {
    auto n = app_->db->read([](store::Conn& c) -> Result<std::int64_t> {
      auto r = c.query_one("SELECT COUNT(*) FROM offers");
      if (!r) return pass(r);
      return (*r)->integer(0);
    });
    return n ? *n : -1;
  }
};
}  // namespace

TEST_F(Pages, FrontPageInNorwegianAndArabic) {
  auto nb = get("/");
  EXPECT_EQ(nb.status, 200);
  EXPECT_NE(nb.body.find(R"(<html lang="nb" dir="ltr">)"), std::string::npos);
  EXPECT_NE(nb.body.find("Knutepunkt Fjordvik"), std::string::npos);  // one door in
  auto ar = get("/?lang=ar");
  EXPECT_NE(ar.body.find(R"(<html lang="ar" dir="rtl">)"), std::string::npos);
  auto ur = get("/", "ur,en;q=0.5");
  EXPECT_NE(ur.body.find(R"(<html lang="ur" dir="rtl">)"), std::string::npos);
}

TEST_F(Pages, TheLanguagePickerRemembersTheChoice) {
  auto r = get("/language?lang=en&next=%2Foffers%3Fq%3Dski");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), "/offers?q=ski");
  EXPECT_NE(get("/offers").body.find(R"(<html lang="en")"), std::string::npos);
  auto evil = get("/language?lang=en&next=https%3A%2F%2Fevil.example%2F");
  EXPECT_EQ(evil.header("Location"), "/");
}

TEST_F(Pages, SearchFindsTheActivityWeekInNorwegianAndEnglish) {
  auto nb = get("/offers?q=aktivitetsuke");
  EXPECT_EQ(nb.status, 200);
  EXPECT_NE(nb.body.find("ktivitetsuke"), std::string::npos);
  auto en = get("/offers?q=activity+week&lang=en");
  EXPECT_NE(en.body.find("ctivity week"), std::string::npos);
}

TEST_F(Pages, InvalidFiltersGiveA400WithTheFieldNamed) {
  auto r = get("/offers?age=abc");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(R"(href="#f-age")"), std::string::npos);
  EXPECT_NE(r.body.find(R"(aria-invalid="true")"), std::string::npos);
}

TEST_F(Pages, NothingFoundPageHelps) {
  auto r = get("/offers?q=xyzzyqwerty");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("kp-empty"), std::string::npos);
  EXPECT_NE(r.body.find("tel:"), std::string::npos);  // the hub's phone number
}

TEST_F(Pages, OfferPageTellsAFamilyWhatTheyNeed) {
  const std::string id = some_offer_id("Fotballtrening");
  ASSERT_FALSE(id.empty());
  auto r = get("/offers/" + id);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(id + ".ics"), std::string::npos);  // add to calendar
  EXPECT_NE(r.body.find("kp-confirmed"), std::string::npos);  // last confirmed
  EXPECT_EQ(get("/offers/00000000-0000-4000-8000-000000000000").status, 404);
}

TEST_F(Pages, ApiAndHsdsAnswerJson) {
  auto api = get("/api/v1/offers?q=fotball&per_page=2");
  EXPECT_EQ(api.status, 200);
  EXPECT_NE(api.body.find("\"total\""), std::string::npos);
  auto bad = get("/api/v1/offers?age=200");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("\"age\""), std::string::npos);
  EXPECT_EQ(get("/hsds/services?per_page=3").status, 200);
  EXPECT_EQ(get("/hsds/organizations").status, 200);
  EXPECT_EQ(get("/hsds/taxonomy_terms").status, 200);
  EXPECT_EQ(get("/hsds/services?page=0").status, 400);
}

TEST_F(Pages, HealthAndMetrics) {
  EXPECT_EQ(get("/healthz").status, 200);
  auto m = get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("knutepunkt_db_readers_total"), std::string::npos);
}

TEST_F(Pages, AFormWithoutItsCsrfTokenIsRefused) {
  auto r = request(Method::POST, "/login", form({{"username", "admin"}, {"password", app::kDemoPassword}}));
  EXPECT_EQ(r.status, 403);
  get("/login");
  auto wrong = request(Method::POST, "/login", form({{"username", "admin"}, {"password", app::kDemoPassword}, {"csrf", "forged"}}));
  EXPECT_EQ(wrong.status, 403);
}

TEST_F(Pages, WrongPasswordIsRefusedWithoutSayingWhichPartWasWrong) {
  auto r = post("/login", {{"username", "admin"}, {"password", "not the password at all"}});
  EXPECT_EQ(r.status, 401);
  auto unknown = post("/login", {{"username", "nobody-here"}, {"password", "not the password at all"}});
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(get("/staff").status, 303);
}

TEST_F(Pages, SessionCookieIsHttpOnlyAndLogoutEndsIt) {
  auto r = post("/login", {{"username", "admin"}, {"password", app::kDemoPassword}});
  ASSERT_EQ(r.status, 303);
  bool found = false;
  for (const auto& [k, v] : r.headers)
    if (k == "Set-Cookie" && v.starts_with("kp_session=")) {
      found = true;
      EXPECT_NE(v.find("HttpOnly"), std::string::npos);
      EXPECT_NE(v.find("SameSite=Lax"), std::string::npos);
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(get("/staff").status, 200);
  const std::string old = jar_["kp_session"];
  EXPECT_EQ(post("/logout", {}, "/staff").status, 303);
  jar_["kp_session"] = old;  // a stolen cookie is worthless after logout
  EXPECT_EQ(get("/staff").status, 303);
}

TEST_F(Pages, EditorCreatesTranslatesAndPublishesAnOfferFamiliesFindAtOnce) {
  login("redaktor");
  auto form_page = get("/staff/offers/new");
  ASSERT_EQ(form_page.status, 200);
  std::smatch m;
  const std::string body = form_page.body;
  ASSERT_TRUE(std::regex_search(body, m, std::regex(R"re(<option value="([0-9a-f-]{36})">)re")));
  const std::string org = m[1];
  std::smatch c;
  ASSERT_TRUE(std::regex_search(body, c, std::regex(R"re(name="categories" value="([0-9a-f-]{36})")re")));
  auto created = post("/staff/offers/new",
                      {{"organization_id", org}, {"name", "Sjakkurs for nybegynnere"}, {"summary", "Lær sjakk på biblioteket."},
                       {"categories", c[1]}, {"free", "1"}, {"languages", "nb"}, {"min_age", "8"}, {"max_age", "14"}},
                      "/staff/offers/new");
  ASSERT_EQ(created.status, 303) << created.body.substr(0, 3000);
  const std::string location = created.header("Location");
  const std::string id = location.substr(std::string("/staff/offers/").size(), 36);
  // A draft is not public yet.
  EXPECT_EQ(get("/offers?q=sjakkurs").body.find("Sjakkurs for"), std::string::npos);
  auto tr = post("/staff/offers/" + id + "/translate/en", {{"name", "Chess course for beginners"}, {"summary", "Learn chess at the library."}},
                 "/staff/offers/" + id + "/translate/en");
  EXPECT_EQ(tr.status, 303);
  auto pub = post("/staff/offers/" + id + "/state", {{"to", "published"}}, "/staff/offers/" + id);
  EXPECT_EQ(pub.status, 303);
  EXPECT_NE(get("/offers?q=sjakk").body.find("Sjakkurs for nybegynnere"), std::string::npos);
  EXPECT_NE(get("/offers?q=chess&lang=en").body.find("Chess course for beginners"), std::string::npos);
  auto log = audit::recent(*app_->db, "9999", "offer", id, 10);
  ASSERT_TRUE(log);
  std::set<std::string> actions;
  for (const auto& r : *log) actions.insert(r.entry.action);
  EXPECT_EQ(actions, (std::set<std::string>{"offer.create", "offer.translate", "offer.published"}));
}

TEST_F(Pages, EditorCannotTouchOffersOfOtherOrganisations) {
  login("redaktor");
  // Find an offer whose organisation the editor does not have.
  auto actor_orgs = app_->db->read([&](store::Conn& c) -> Result<std::vector<std::string>> {
    auto u = c.query_one("SELECT id FROM users WHERE username = 'redaktor'");
    if (!u) return pass(u);
    return catalog::editor_organizations(c, (*u)->text(0));
  });
  ASSERT_TRUE(actor_orgs);
  ASSERT_FALSE(actor_orgs->empty());
  auto snap = app_->catalog.get();
  std::string foreign;
  for (const auto& o : (*snap)->offers())
    if (std::find(actor_orgs->begin(), actor_orgs->end(), o.organization_id) == actor_orgs->end()) foreign = o.id;
  ASSERT_FALSE(foreign.empty());
  EXPECT_EQ(get("/staff/offers/" + foreign + "/edit").status, 404);
  const auto before = offer_count();
  EXPECT_EQ(post("/staff/offers/" + foreign + "/state", {{"to", "archived"}}, "/staff").status, 404);
  EXPECT_EQ(offer_count(), before);
  EXPECT_NE((*app_->catalog.get())->offer(foreign), nullptr);
}

TEST_F(Pages, ABadOfferFormWritesNothingAndNamesEveryField) {
  login("admin");
  const auto before = offer_count();
  auto r = post("/staff/offers/new", {{"organization_id", "x"}, {"name", ""}, {"min_age", "9"}, {"max_age", "3"}}, "/staff/offers/new");
  EXPECT_EQ(r.status, 400);
  for (const char* f : {"#f-organization_id", "#f-name", "#f-summary", "#f-max_age", "#f-categories"})
    EXPECT_NE(r.body.find(f), std::string::npos) << f;
  EXPECT_EQ(offer_count(), before);
}

TEST_F(Pages, TwoEditorsSavingTheSameOfferTheSecondIsToldNotOverwritten) {
  login("admin");
  const std::string id = some_offer_id("Fotballtrening");
  auto page = get("/staff/offers/" + id + "/edit");
  std::smatch v;
  ASSERT_TRUE(std::regex_search(page.body, v, std::regex(R"re(name="version" value="(\d+)")re")));
  // Build the form as the browser would send it, then save it twice with the same version.
  std::vector<std::pair<std::string, std::string>> fields;
  std::regex input(R"re(<input class="ds-input" id="f-([a-z_]+)" name="([a-z_]+)" type="[a-z]+" value="([^"]*)")re");
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), input); it != std::sregex_iterator(); ++it)
    fields.emplace_back((*it)[2], (*it)[3]);
  std::regex area(R"re(<textarea class="ds-input" id="f-[a-z_]+" name="([a-z_]+)"[^>]*>([^<]*)</textarea>)re");
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), area); it != std::sregex_iterator(); ++it)
    fields.emplace_back((*it)[1], (*it)[2]);
  std::regex checked(R"re(name="([a-z_]+)" value="([^"]+)" checked)re");
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), checked); it != std::sregex_iterator(); ++it)
    fields.emplace_back((*it)[1], (*it)[2]);
  std::regex selected(R"re(<select class="ds-input" id="f-([a-z_]+)"[^>]*>(?:(?!</select>).)*?<option value="([^"]*)" selected>)re");
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), selected); it != std::sregex_iterator(); ++it)
    fields.emplace_back((*it)[1], (*it)[2]);
  fields.emplace_back("version", v[1]);
  auto first = post("/staff/offers/" + id + "/edit", fields, "/staff/offers/" + id + "/edit");
  ASSERT_EQ(first.status, 303) << first.body.substr(first.body.find("error-summary") == std::string::npos ? 0 : first.body.find("error-summary"), 1500);
  auto second = post("/staff/offers/" + id + "/edit", fields, "/staff/offers/" + id + "/edit");
  EXPECT_EQ(second.status, 409);
}

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

TEST_F(Pages, AdminUploadsAnHsdsFileAllOrNothing) {
  login("admin");
  const std::string dir = std::string(std::getenv("KP_SOURCE_DIR") ? std::getenv("KP_SOURCE_DIR") : ".") + "/tests/catalog/data/";
  const auto before = offer_count();
  auto bad = upload("/admin/import", "/admin/import", "file", "[{\"name\": 42}]", {{"lang", "nb"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("services[0]"), std::string::npos);
  EXPECT_EQ(offer_count(), before);
  const std::string valid = read_file(dir + "valid_page.json");
  ASSERT_FALSE(valid.empty());
  auto ok = upload("/admin/import", "/admin/import", "file", valid, {{"lang", "nb"}});
  EXPECT_EQ(ok.status, 200) << ok.body.substr(0, 2000);
  EXPECT_GT(offer_count(), before);
  const auto after = offer_count();
  EXPECT_EQ(upload("/admin/import", "/admin/import", "file", valid, {{"lang", "nb"}}).status, 200);
  EXPECT_EQ(offer_count(), after);
  // Editors may not import.
  jar_.clear();
  login("redaktor");
  EXPECT_EQ(get("/admin/import").status, 403);
}

TEST_F(Pages, CalendarAndBrochure) {
  const std::string id = some_offer_id("Fotballtrening");
  auto one = get("/offers/" + id + ".ics");
  EXPECT_EQ(one.status, 200);
  EXPECT_NE(one.body.find("BEGIN:VCALENDAR\r\n"), std::string::npos);
  EXPECT_NE(one.body.find("RRULE:"), std::string::npos);
  auto feed = get("/offers.ics?q=fotball");
  EXPECT_EQ(feed.status, 200);
  EXPECT_NE(feed.body.find("BEGIN:VEVENT"), std::string::npos);
  EXPECT_EQ(get("/offers.ics?age=x").status, 400);
  auto pdf = get("/offers/brochure.pdf?lang=ar");
  EXPECT_EQ(pdf.status, 200);
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
}

TEST_F(Pages, RepeatedAnonymousSearchesComeFromTheCacheButNeverStale) {
  auto first = get("/offers?q=leksehjelp");
  auto second = get("/offers?q=leksehjelp");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, second.body);
  // A change to the catalog moves the snapshot version, so the cached page is not used.
  login("admin");
  const std::string id = some_offer_id("eksehjelp");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(post("/staff/offers/" + id + "/state", {{"to", "unpublished"}}, "/staff/offers/" + id).status, 303);
  jar_.erase("kp_session");
  EXPECT_EQ(get("/offers/" + id).status, 404);
}
