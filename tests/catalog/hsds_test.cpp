// HSDS 3.0 export and import against a real catalog database (SQLite, and PostgreSQL in the
// *_postgres run): the documents validate against the official Open Referral schemas, imports
// are all or nothing and idempotent, and export → import → export gives the same bytes. All
// data is fictional.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "audit/audit.hpp"
#include "catalog/hsds.hpp"
#include "catalog/store.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "store/database.hpp"
#include "store/test_db.hpp"

namespace kp::catalog::hsds {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kMun = "4299";  // not a real kommunenummer; 42 is Agder
constexpr UnixSeconds kT0 = 1'780'000'000;

std::string source_dir() {
  if (const char* env = std::getenv("KP_SOURCE_DIR"); env && *env) return env;
  return fs::path(__FILE__).parent_path().parent_path().parent_path().string();
}
std::string data_file(const std::string& name) {
  return source_dir() + "/tests/catalog/data/" + name;
}
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/kp_hsds_XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string id(int n) {  // fixed, readable UUIDs
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", n);
  return buf;
}

// field/lang/value triples; other languages are marked as made from the current nb text.
Texts texts(std::initializer_list<std::tuple<const char*, const char*, const char*>> items) {
  Texts t;
  for (const auto& [field, lang, value] : items) t[field][lang].value = value;
  for (auto& [field, langs] : t)
    for (auto& [lang, tr] : langs)
      if (lang != "nb" && langs.count("nb")) tr.source_hash = source_hash_of(langs["nb"].value);
  return t;
}

Schedule schedule(int n, const char* starts, const char* ends, const char* rrule, const char* opens,
                  const char* closes) {
  Schedule s;
  s.id = id(n);
  parse_iso_date(starts, s.starts_on);
  if (*ends) {
    CivilDate e;
    parse_iso_date(ends, e);
    s.ends_on = e;
  }
  s.rrule = rrule;
  s.opens_at = opens;
  s.closes_at = closes;
  return s;
}

struct Counts {
  std::map<std::string, std::int64_t> rows;
  bool operator==(const Counts&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Counts& c) {
  for (const auto& [k, v] : c.rows) os << k << "=" << v << " ";
  return os;
}

class HsdsTest : public test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    crypto::init();
    db_ = open_catalog();
    ASSERT_TRUE(db_);
  }

  // The test database, migrated, with the municipality and nothing else.
  std::unique_ptr<store::Database> open_catalog() {
    auto db = open();
    if (!db) return nullptr;
    auto st = db->with_write([&](Conn& c) -> Status {
      return upsert_municipality(c, Municipality{kMun, "Eksempelvik", {}, {}, {}, {}, {}}, kT0);
    });
    EXPECT_TRUE(st) << st.error().message << " " << st.error().detail;
    return db;
  }
  // Empties the test database and opens it again as open_catalog() does.
  void wipe() {
    db_.reset();
    if (is_postgres()) {
      ASSERT_EQ(test::detail::PgScratch::get().reset(), "");
    } else {
      std::error_code ec;
      fs::remove_all(dir() / "db", ec);
    }
    db_ = open_catalog();
    ASSERT_TRUE(db_);
  }

  // A small fictional catalog covering every mapping: two organisations, three categories
  // (one a child), two locations, offers in every state, schedules one-off, weekly, monthly,
  // daily (becomes WEEKLY), yearly and every-other-day (both travel as RRULE in notes).
  void seed(store::Database& db) {
    auto st = db.with_write([&](Conn& c) -> Status {
      Organization kultur{id(1), kMun, "Eksempelvik kommune, kultur", OrgType::municipal,
                          "kultur@eksempelvik.example.no", "38 00 00 00", "https://eksempelvik.example.no",
                          texts({{"description", "nb", "Kulturtjenesten i en oppdiktet kommune."},
                                 {"description", "en", "The culture service of a made-up municipality."}}),
                          0, 0};
      Organization idrett{id(2), kMun, "Eksempelvik idrettslag", OrgType::voluntary, "", "", "idrett.example.no",
                          {}, 0, 0};
      KP_TRY(upsert_organization(c, kultur, kT0));
      KP_TRY(upsert_organization(c, idrett, kT0));
      KP_TRY(upsert_category(c, Category{id(10), kMun, "sport", std::nullopt, 1,
                                         texts({{"name", "nb", "Sport og fritid"}, {"name", "en", "Sports and leisure"}}), 0}, kT0));
      KP_TRY(upsert_category(c, Category{id(11), kMun, "football", id(10), 2, texts({{"name", "nb", "Fotball"}}), 0}, kT0));
      KP_TRY(upsert_category(c, Category{id(12), kMun, "family", std::nullopt, 3, texts({{"name", "nb", "Familie"}}), 0}, kT0));
      Location hus;
      hus.id = id(20);
      hus.municipality_id = kMun;
      hus.organization_id = id(1);
      hus.name = "Eksempelvik kulturhus";
      hus.address = "Storgata 1";
      hus.postal_code = "4890";
      hus.city = "Eksempelvik";
      hus.latitude = 58.1525;
      hus.longitude = 8.0012;
      hus.wheelchair_access = true;
      hus.texts = texts({{"accessibility", "nb", "Heis til alle etasjer."}, {"transportation", "nb", "Buss 1 til Torget."}});
      KP_TRY(upsert_location(c, hus, kT0));
      Location park;
      park.id = id(21);
      park.municipality_id = kMun;
      park.organization_id = id(2);
      park.name = "Idrettsparken";
      KP_TRY(upsert_location(c, park, kT0));

      Offer fotball;
      fotball.id = id(30);
      fotball.municipality_id = kMun;
      fotball.organization_id = id(2);
      fotball.location_id = id(21);
      fotball.state = OfferState::published;
      fotball.min_age = 6;
      fotball.max_age = 12;
      fotball.free = true;
      fotball.target_groups = {"youth", "children"};
      fotball.languages = {"nb", "en"};
      fotball.contact_name = "Trener Testesen";
      fotball.phone = "400 00 000";
      fotball.email = "fotball@idrett.example.no";
      fotball.url = "https://idrett.example.no/fotball";
      fotball.last_confirmed_at = kT0 - 10 * 86400;
      fotball.created_at = kT0 - 100 * 86400;
      fotball.updated_at = kT0 - 5 * 86400;
      fotball.category_ids = {id(11), id(10)};
      fotball.schedules = {schedule(40, "2026-01-06", "2026-06-16", "FREQ=WEEKLY;BYDAY=TU,TH", "17:00", "18:30"),
                           schedule(41, "2026-02-07", "", "FREQ=MONTHLY;BYDAY=1SA", "10:00", "")};
      fotball.texts = texts({{"name", "nb", "Fotball for barn"},
                             {"name", "en", "Football for children"},
                             {"summary", "nb", "Kort om fotball."},
                             {"description", "nb", "Trening to ganger i uka."},
                             {"eligibility", "nb", "Barn 6–12 år."},
                             {"application_process", "nb", "Meld deg på hos treneren."}});
      KP_TRY(insert_offer(c, fotball, kT0));

      Offer babysang;
      babysang.id = id(31);
      babysang.municipality_id = kMun;
      babysang.organization_id = id(1);
      babysang.location_id = id(20);
      babysang.state = OfferState::unpublished;
      babysang.free = false;
      babysang.fee_ore = 15050;
      babysang.interpretation = true;
      babysang.target_groups = {"parents"};
      babysang.languages = {"nb"};
      babysang.created_at = kT0 - 50 * 86400;
      babysang.updated_at = kT0 - 3 * 86400;
      babysang.category_ids = {id(12)};
      babysang.schedules = {schedule(42, "2026-03-14", "", "", "10:00", "11:00"),
                            schedule(43, "2026-07-01", "2026-07-05", "FREQ=DAILY", "09:00", "12:00")};
      babysang.texts = texts({{"name", "nb", "Babysang"}, {"fees_description", "nb", "Betales ved oppmøte."}});
      KP_TRY(insert_offer(c, babysang, kT0));

      Offer lekser;
      lekser.id = id(32);
      lekser.municipality_id = kMun;
      lekser.organization_id = id(1);
      lekser.state = OfferState::archived;
      lekser.free = false;  // price unknown: no cost option
      lekser.created_at = kT0 - 400 * 86400;
      lekser.updated_at = kT0 - 200 * 86400;
      lekser.schedules = {schedule(44, "2026-09-01", "", "FREQ=YEARLY;COUNT=3", "", "")};
      lekser.texts = texts({{"name", "nb", "Leksehjelp"}});
      KP_TRY(insert_offer(c, lekser, kT0));

      Offer tur;
      tur.id = id(33);
      tur.municipality_id = kMun;
      tur.organization_id = id(2);
      tur.state = OfferState::published;
      tur.free = false;
      tur.fee_ore = 20000;
      tur.created_at = kT0 - 20 * 86400;
      tur.updated_at = kT0 - 20 * 86400;
      tur.schedules = {schedule(45, "2026-06-01", "2026-06-30", "FREQ=DAILY;INTERVAL=2", "08:00", "09:00")};
      tur.texts = texts({{"name", "nb", "Turgruppe"}});
      KP_TRY(insert_offer(c, tur, kT0));

      Offer utkast;
      utkast.id = id(34);
      utkast.municipality_id = kMun;
      utkast.organization_id = id(2);
      utkast.state = OfferState::draft;
      utkast.texts = texts({{"name", "nb", "Hemmelig utkast"}});
      KP_TRY(insert_offer(c, utkast, kT0));
      return {};
    });
    ASSERT_TRUE(st) << st.error().message << " " << st.error().detail;
  }

  Counts counts(store::Database& db) {
    Counts out;
    auto st = db.with_read([&](Conn& c) -> Status {
      for (const char* table : {"organizations", "categories", "locations", "offers", "schedules",
                                "offer_categories", "translations", "audit_log"}) {
        auto r = c.query_one(std::string("SELECT COUNT(*) FROM ") + table);
        if (!r) return pass(r);
        out.rows[table] = (*r)->integer(0);
      }
      auto v = c.query_one("SELECT COALESCE(SUM(updated_at), 0), COALESCE(SUM(version), 0) FROM offers");
      if (!v) return pass(v);
      out.rows["offers.updated_at"] = (*v)->integer(0);
      out.rows["offers.version"] = (*v)->integer(1);
      auto t = c.query_one("SELECT COALESCE(SUM(updated_at), 0) FROM translations");
      if (!t) return pass(t);
      out.rows["translations.updated_at"] = (*t)->integer(0);
      auto cv = catalog_version(c);
      if (!cv) return pass(cv);
      out.rows["catalog_version"] = *cv;
      return {};
    });
    EXPECT_TRUE(st) << st.error().detail;
    return out;
  }

  CatalogRefs refs(store::Database& db) {
    auto r = db.read([&](Conn& c) { return load_refs(c, kMun); });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : CatalogRefs{};
  }
  std::vector<Offer> offers(store::Database& db) {
    auto r = db.read([&](Conn& c) { return list_offers(c, OfferQuery{kMun, {}, {}, {}, {}, {}}); });
    EXPECT_TRUE(r);
    return r ? *r : std::vector<Offer>{};
  }
  Offer offer(store::Database& db, const std::string& offer_id) {
    auto r = db.read([&](Conn& c) { return get_offer(c, offer_id); });
    EXPECT_TRUE(r && *r) << offer_id;
    return r && *r ? **r : Offer{};
  }

  TempDir files_;  // documents for the validator (dir() is empty on PostgreSQL)
  ManualClock clock_{kT0};
  std::unique_ptr<store::Database> db_;
};

std::string all_errors(const std::vector<ImportError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string() + "\n";
  return out;
}

// ---- export ----------------------------------------------------------------------------------

TEST_F(HsdsTest, ExportValidatesAgainstOfficialSchemas) {
  seed(*db_);
  const std::string python = "/usr/bin/python3";
  const std::string script = source_dir() + "/tests/catalog/hsds_validate.py";
  const std::string schemas = source_dir() + "/../shared/hsds-3.0/schema/compiled";
  ASSERT_TRUE(fs::exists(python)) << python << " is missing; the HSDS schema check needs it";
  ASSERT_TRUE(fs::exists(script)) << script << " is missing";
  ASSERT_TRUE(fs::exists(schemas + "/service.json"))
      << "the official HSDS 3.0 schemas are missing at " << schemas;

  const fs::path docs = files_.path() / "docs";
  fs::create_directories(docs);
  const CatalogRefs r = refs(*db_);
  int n = 0;
  std::vector<std::string> services, orgs, terms;
  for (const Offer& o : offers(*db_))
    for (const char* lang : {"nb", "nn", "en", "uk"})
      if (auto doc = service_json(o, r, lang)) {
        write_file(docs / ("service." + std::to_string(n++) + ".json"), *doc);
        if (std::string(lang) == "nb") services.push_back(*doc);
      }
  ASSERT_EQ(services.size(), 4u);  // the draft is not exported
  for (const auto& [oid, o] : r.organizations) {
    orgs.push_back(organization_json(o, "nb"));
    write_file(docs / ("organization." + oid + ".json"), orgs.back());
    write_file(docs / ("organization." + oid + ".en.json"), organization_json(o, "en"));
  }
  for (const auto& [cid, c] : r.categories) {
    terms.push_back(taxonomy_term_json(c, "nb"));
    write_file(docs / ("taxonomy_term." + cid + ".json"), terms.back());
  }
  const std::string taxonomy = taxonomy_json(r.municipality, "nb");
  write_file(docs / "taxonomy.json", taxonomy);
  write_file(docs / "service_page.json", page_json(DocKind::service, services, 9, 2, 4));
  write_file(docs / "service_page.empty.json", page_json(DocKind::service, {}, 0, 1, 50));
  write_file(docs / "organization_page.json", page_json(DocKind::organization, orgs, 2, 1, 50));
  write_file(docs / "taxonomy_term_page.json", page_json(DocKind::taxonomy_term, terms, 3, 1, 50));
  write_file(docs / "taxonomy_page.json", page_json(DocKind::taxonomy, std::vector{taxonomy}, 1, 1, 50));
  auto all = export_all(*db_, kMun, "nb");
  ASSERT_TRUE(all) << all.error().message;
  write_file(docs / "service.all.json", *all);

  const fs::path out = files_.path() / "validate.txt";
  const std::string cmd = python + " '" + script + "' '" + schemas + "' '" + docs.string() + "' > '" +
                          out.string() + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  const std::string report = read_file(out.string());
  ASSERT_TRUE(WIFEXITED(rc)) << cmd;
  ASSERT_NE(WEXITSTATUS(rc), 2) << "the validator could not run:\n" << report;
  EXPECT_EQ(WEXITSTATUS(rc), 0) << report;
  EXPECT_THAT(report, HasSubstr("OK"));
  std::cout << report;

  // The validator is not vacuous: a service without status fails.
  const fs::path bad = files_.path() / "bad";
  fs::create_directories(bad);
  write_file(bad / "service.json", R"({"id":"00000000-0000-4000-8000-000000000001","name":"x"})");
  const int bad_rc = std::system((python + " '" + script + "' '" + schemas + "' '" + bad.string() +
                                  "' > /dev/null 2>&1").c_str());
  EXPECT_EQ(WEXITSTATUS(bad_rc), 1);
}

TEST_F(HsdsTest, ExportMapsStatusTextsPricesAndSchedules) {
  seed(*db_);
  const CatalogRefs r = refs(*db_);
  std::map<std::string, Offer> by_id;
  for (const Offer& o : offers(*db_)) by_id[o.id] = o;

  EXPECT_FALSE(service_json(by_id.at(id(34)), r, "nb"));  // draft
  const std::string fotball = *service_json(by_id.at(id(30)), r, "nb");
  EXPECT_THAT(fotball, HasSubstr(R"("status":"active")"));
  EXPECT_THAT(fotball, HasSubstr(R"("name":"Fotball for barn")"));
  EXPECT_THAT(fotball, HasSubstr(R"("minimum_age":6,"maximum_age":12)"));
  EXPECT_THAT(fotball, HasSubstr(R"("option":"Gratis","currency":"NOK","amount":0)"));
  EXPECT_THAT(fotball, HasSubstr(R"("freq":"WEEKLY","interval":1,"byday":"TU,TH","until":"2026-06-16")"));
  EXPECT_THAT(fotball, HasSubstr(R"("opens_at":"17:00","closes_at":"18:30")"));
  EXPECT_THAT(fotball, HasSubstr("Hver uke på tirsdag og torsdag, kl. 17:00–18:30 (norsk tid)"));
  EXPECT_THAT(fotball, HasSubstr(R"("byday":"1SA")"));
  EXPECT_THAT(fotball, HasSubstr(R"("taxonomy":"knutepunkt-malgrupper")"));
  EXPECT_THAT(fotball, HasSubstr(R"("code":"football")"));
  EXPECT_THAT(fotball, HasSubstr(R"("website":"https://idrett.example.no")"));  // bare host made a URL
  EXPECT_THAT(fotball, Not(HasSubstr("Kort om fotball")));                      // summary: no HSDS field
  EXPECT_LT(fotball.find(R"("code":"children")"), fotball.find(R"("code":"youth")"));

  const std::string en = *service_json(by_id.at(id(30)), r, "en");
  EXPECT_THAT(en, HasSubstr(R"("name":"Football for children")"));
  EXPECT_THAT(en, HasSubstr(R"("description":"Trening to ganger i uka.")"));  // nb fallback
  EXPECT_THAT(en, HasSubstr("Every week on Tuesday and Thursday"));
  EXPECT_THAT(en, HasSubstr(R"("name":"Sports and leisure")"));
  EXPECT_THAT(en, HasSubstr(R"("language":"en")"));
  EXPECT_THAT(en, HasSubstr(R"("language":"nb")"));  // "Fotball" has no English name

  const std::string babysang = *service_json(by_id.at(id(31)), r, "nb");
  EXPECT_THAT(babysang, HasSubstr(R"("status":"inactive")"));
  EXPECT_THAT(babysang, HasSubstr(R"("currency":"NOK","amount":150.5)"));
  EXPECT_THAT(babysang, HasSubstr(R"("interpretation_services":"Tolk kan bestilles.")"));
  EXPECT_THAT(babysang, HasSubstr(R"("byday":"MO,TU,WE,TH,FR,SA,SU")"));  // DAILY
  EXPECT_THAT(babysang, HasSubstr(R"("state_province":"Agder")"));
  EXPECT_THAT(babysang, HasSubstr(R"("latitude":58.1525,"longitude":8.0012)"));
  EXPECT_THAT(babysang, HasSubstr(R"("code":"wheelchair_access")"));
  EXPECT_THAT(babysang, HasSubstr(R"("code":"municipal")"));
  EXPECT_THAT(babysang, HasSubstr(R"("valid_from":"2026-03-14","valid_to":"2026-03-14")"));

  const std::string lekser = *service_json(by_id.at(id(32)), r, "nb");
  EXPECT_THAT(lekser, HasSubstr(R"("status":"defunct")"));
  EXPECT_THAT(lekser, Not(HasSubstr("cost_options")));  // price unknown
  EXPECT_THAT(lekser, HasSubstr(R"("notes":"RRULE:FREQ=YEARLY;COUNT=3")"));
  const std::string tur = *service_json(by_id.at(id(33)), r, "nb");
  EXPECT_THAT(tur, HasSubstr(R"("amount":200})"));
  EXPECT_THAT(tur, HasSubstr(R"("notes":"RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20260630")"));

  auto all = export_all(*db_, kMun, "nb");
  ASSERT_TRUE(all);
  EXPECT_THAT(*all, Not(HasSubstr("Hemmelig utkast")));
  EXPECT_LT(all->find("Babysang"), all->find("Fotball for barn"));
  EXPECT_LT(all->find("Fotball for barn"), all->find("Leksehjelp"));
}

TEST(HsdsPage, Envelope) {
  const std::vector<std::string> items = {R"({"id":"a"})", R"({"id":"b"})"};
  EXPECT_EQ(page_json(DocKind::service, items, 5, 2, 2),
            R"({"total_items":5,"total_pages":3,"page_number":2,"size":2,"first_page":false,)"
            R"("last_page":false,"empty":false,"contents":[{"id":"a"},{"id":"b"}]})");
  EXPECT_EQ(page_json(DocKind::organization, {}, 0, 1, 50),
            R"({"total_items":0,"total_pages":0,"page_number":1,"size":0,"first_page":true,)"
            R"("last_page":true,"empty":true,"contents":[]})");
  EXPECT_EQ(root_json("https://x.example/hsds/openapi.json"),
            R"({"version":"3.0","openapi_url":"https://x.example/hsds/openapi.json"})");
}

// ---- import ----------------------------------------------------------------------------------

TEST_F(HsdsTest, ImportsAValidForeignFile) {
  std::vector<ImportError> errors;
  auto rep = import_services(*db_, clock_, read_file(data_file("valid_page.json")), kMun, "tester",
                             {}, &errors);
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_EQ(rep->services.created, 2);
  EXPECT_EQ(rep->organizations.created, 1);
  EXPECT_EQ(rep->locations.created, 1);
  EXPECT_EQ(rep->categories.created, 2);
  EXPECT_THAT(::testing::PrintToString(rep->warnings), HasSubstr("service.alert: not kept"));

  const std::string svc1 = ids::uuid_from_name("knutepunkt/hsds-import/service", "svc-1");
  const Offer a = offer(*db_, svc1);
  EXPECT_EQ(a.state, OfferState::published);
  EXPECT_EQ(text_in(a.texts, "name", "nb"), "Åpen hall for ungdom");
  EXPECT_EQ(text_in(a.texts, "eligibility", "nb"), "For ungdom 13–18 år.");
  EXPECT_EQ(a.min_age, 13);
  EXPECT_EQ(a.max_age, 18);
  EXPECT_TRUE(a.free);
  EXPECT_TRUE(a.interpretation);
  EXPECT_EQ(a.languages, (std::vector<std::string>{"nb", "en"}));
  EXPECT_EQ(a.phone, "400 00 001");
  EXPECT_EQ(a.contact_name, "Fiktiv Kontaktperson");
  EXPECT_EQ(a.updated_at, 1'769'933'700);  // last_modified 2026-02-01T08:15:00Z
  EXPECT_EQ(format_iso_date(to_oslo(a.last_confirmed_at).date), "2026-02-01");
  ASSERT_EQ(a.schedules.size(), 1u);
  EXPECT_EQ(a.schedules[0].rrule, "FREQ=WEEKLY;BYDAY=FR");
  EXPECT_EQ(format_iso_date(*a.schedules[0].ends_on), "2026-06-19");
  EXPECT_EQ(a.schedules[0].opens_at, "18:00");
  EXPECT_EQ(a.category_ids.size(), 2u);
  ASSERT_TRUE(a.location_id);

  const Offer b = offer(*db_, ids::uuid_from_name("knutepunkt/hsds-import/service", "svc-2"));
  EXPECT_EQ(b.state, OfferState::unpublished);  // temporarily closed
  EXPECT_FALSE(b.free);
  EXPECT_EQ(b.fee_ore, 25050);
  EXPECT_EQ(b.updated_at, kT0);  // no last_modified: now
  ASSERT_EQ(b.schedules.size(), 1u);
  EXPECT_EQ(b.schedules[0].rrule, "");
  EXPECT_FALSE(b.schedules[0].ends_on);

  const CatalogRefs r = refs(*db_);
  ASSERT_EQ(r.organizations.size(), 1u);
  EXPECT_EQ(r.organizations.begin()->second.website, "https://fritid.example.no");
  const Location& loc = r.locations.at(*a.location_id);
  EXPECT_EQ(loc.address, "Hallveien 2");
  EXPECT_EQ(loc.postal_code, "4890");
  EXPECT_EQ(text_in(loc.texts, "accessibility", "nb"), "Trinnfri inngang.");
  const std::string hall = ids::uuid_from_name("knutepunkt/hsds-import/taxonomy_term", "term-hall");
  EXPECT_EQ(r.categories.at(hall).parent_id,
            ids::uuid_from_name("knutepunkt/hsds-import/taxonomy_term", "term-sport"));

  auto audit = audit::recent(*db_, kMun, "", "", 5);
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].entry.action, "catalog.import");
  EXPECT_EQ((*audit)[0].entry.actor_id, "tester");
  EXPECT_THAT((*audit)[0].entry.details, HasSubstr(R"("services":{"created":2,"updated":0,"unchanged":0})"));
}

TEST_F(HsdsTest, ReimportingTheSameFileChangesNothing) {
  const std::string file = read_file(data_file("valid_page.json"));
  ASSERT_TRUE(import_services(*db_, clock_, file, kMun, "tester"));
  Counts before = counts(*db_);
  clock_.advance(3600);
  auto again = import_services(*db_, clock_, file, kMun, "tester");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->services.unchanged, 2);
  EXPECT_EQ(again->services.created + again->services.updated, 0);
  EXPECT_EQ(again->organizations.unchanged, 1);
  EXPECT_EQ(again->locations.unchanged, 1);
  EXPECT_EQ(again->categories.unchanged, 2);
  Counts after = counts(*db_);
  EXPECT_EQ(after.rows["audit_log"], before.rows["audit_log"] + 1);  // the import is recorded
  after.rows["audit_log"] = before.rows["audit_log"];
  EXPECT_EQ(after, before);
}

TEST_F(HsdsTest, ChangedFileUpdatesOnlyWhatChanged) {
  std::string file = read_file(data_file("valid_page.json"));
  ASSERT_TRUE(import_services(*db_, clock_, file, kMun, "tester"));
  clock_.advance(3600);
  file.replace(file.find("Bare møt opp."), std::string("Bare møt opp.").size(), "Meld deg på.");
  auto rep = import_services(*db_, clock_, file, kMun, "tester");
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_EQ(rep->services.updated, 1);
  EXPECT_EQ(rep->services.unchanged, 1);
  const Offer a = offer(*db_, ids::uuid_from_name("knutepunkt/hsds-import/service", "svc-1"));
  EXPECT_EQ(text_in(a.texts, "application_process", "nb"), "Meld deg på.");
  EXPECT_EQ(a.updated_at, kT0 + 3600);  // an update happens now
}

struct Broken {
  const char* file;
  std::vector<const char*> expected;  // substrings of the error list
};

TEST_F(HsdsTest, BrokenFilesAreRejectedWholeAndNothingIsWritten) {
  seed(*db_);
  const std::vector<Broken> cases = {
      {"broken_json.json", {"(file): is not valid JSON (line 3"}},
      {"broken_types.json",
       {"services[0].status: must be a string — services[0] (id \"svc-1\", name \"Feil typer\")",
        "services[0].minimum_age: must be a whole number 0–120",
        "services[0].schedules: must be an array"}},
      {"broken_min_max.json",
       {"services[1].minimum_age: must not be greater than maximum_age — services[1] (id \"svc-2\", name \"Alder snudd\")",
        "services[2].maximum_age: must be a whole number 0–120"}},
      {"broken_missing_name.json", {"services[1].name: is required — services[1] (id \"svc-2\")"}},
      {"broken_utf8.json", {"services[0].description: is not valid UTF-8 — services[0] (id \"svc-1\""}},
      {"broken_schedule.json",
       {"services[0].schedules[0].freq: must be WEEKLY or MONTHLY",
        "services[0].schedules[1]: byday must be weekday codes",
        "services[0].schedules[2].until: must not be before dtstart",
        "services[0].schedules[3].dtstart: is required",
        "services[0].schedules[4].opens_at: must be a local time HH:MM",
        "services[1].id: is a malformed UUID",
        "services[1].status: must be active, inactive, defunct or temporarily closed"}},
  };
  const Counts before = counts(*db_);
  for (const Broken& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string file = read_file(data_file(c.file));
    ASSERT_FALSE(file.empty()) << "fixture missing: " << data_file(c.file);
    std::vector<ImportError> errors;
    auto rep = import_services(*db_, clock_, file, kMun, "tester", {}, &errors);
    ASSERT_FALSE(rep);
    EXPECT_EQ(rep.error().kind, ErrorKind::invalid);
    const std::string listed = all_errors(errors);
    for (const char* want : c.expected) {
      EXPECT_THAT(listed, HasSubstr(want));
      EXPECT_THAT(rep.error().message, HasSubstr(want));
    }
    EXPECT_EQ(rep.error().field, errors.at(0).path);
  }
  EXPECT_EQ(counts(*db_), before);
}

TEST_F(HsdsTest, DatabaseProblemsRejectTheWholeImport) {
  seed(*db_);
  const Counts before = counts(*db_);
  // The first service is fine on its own; the second names an organisation that exists
  // nowhere, the third takes over a schedule id of another offer.
  const std::string file = R"([
    {"id": "new-1", "name": "Ny aktivitet", "status": "active",
     "organization": {"id": ")" + id(1) + R"(", "name": "Eksempelvik kommune, kultur", "description": ""}},
    {"id": "new-2", "name": "Foreldreløs", "status": "active", "organization_id": "nowhere"},
    {"id": "new-3", "name": "Tyvlånt timeplan", "status": "active", "organization_id": ")" + id(2) + R"(",
     "schedules": [{"id": ")" + id(40) + R"(", "dtstart": "2026-01-01"}]}
  ])";
  std::vector<ImportError> errors;
  auto rep = import_services(*db_, clock_, file, kMun, "tester", {}, &errors);
  ASSERT_FALSE(rep);
  const std::string listed = all_errors(errors);
  EXPECT_THAT(listed, HasSubstr("is neither in the file nor in the catalog"));
  EXPECT_THAT(listed, HasSubstr("services[2].schedules: schedule " + id(40) + " belongs to another offer"));
  EXPECT_EQ(counts(*db_), before);

  // An unknown municipality is refused too.
  auto other = import_services(*db_, clock_, read_file(data_file("valid_page.json")), "0000", "tester");
  ASSERT_FALSE(other);
  EXPECT_EQ(counts(*db_), before);
}

TEST_F(HsdsTest, RoundTripGivesIdenticalDocuments) {
  seed(*db_);
  auto first = export_all(*db_, kMun, "nb");
  ASSERT_TRUE(first);
  wipe();
  auto rep = import_services(*db_, clock_, *first, kMun, "tester");
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_EQ(rep->services.created, 4);
  EXPECT_EQ(rep->organizations.created, 2);
  EXPECT_EQ(rep->locations.created, 2);
  EXPECT_EQ(rep->categories.created, 3);
  auto second = export_all(*db_, kMun, "nb");
  ASSERT_TRUE(second);
  EXPECT_EQ(*first, *second);
}

// An export in another language, imported with that language, comes back the same except
// for the terms' `language` tags: where export fell back to nb, the import stored the text as
// the file's language (one language per file is all HSDS carries).
TEST_F(HsdsTest, RoundTripInAnotherLanguageDiffersOnlyInTermLanguageTags) {
  seed(*db_);
  auto first = export_all(*db_, kMun, "en");
  ASSERT_TRUE(first);
  wipe();
  ImportOptions en;
  en.lang = "en";
  auto rep = import_services(*db_, clock_, *first, kMun, "tester", en);
  ASSERT_TRUE(rep) << rep.error().message;
  auto second = export_all(*db_, kMun, "en");
  ASSERT_TRUE(second);
  const std::regex tag(R"("language": "[a-z]+")");
  EXPECT_EQ(std::regex_replace(*first, tag, "LANG"), std::regex_replace(*second, tag, "LANG"));
  // Records without an nb text got the imported text as nb too.
  const Offer o = offer(*db_, id(30));
  EXPECT_EQ(text_in(o.texts, "name", "nb"), "Football for children");
}

TEST_F(HsdsTest, ImportingOurOwnExportChangesNothing) {
  seed(*db_);
  Counts before = counts(*db_);
  auto doc = export_all(*db_, kMun, "nb");
  ASSERT_TRUE(doc);
  clock_.advance(86400);
  auto rep = import_services(*db_, clock_, *doc, kMun, "tester");
  ASSERT_TRUE(rep) << rep.error().message;
  EXPECT_EQ(rep->services.unchanged, 4);
  EXPECT_EQ(rep->organizations.unchanged, 2);
  EXPECT_EQ(rep->locations.unchanged, 2);
  EXPECT_EQ(rep->categories.unchanged, 3);
  Counts after = counts(*db_);
  after.rows["audit_log"] = before.rows["audit_log"];
  EXPECT_EQ(after, before);
  // The draft and the summary, which HSDS does not carry, are untouched.
  EXPECT_EQ(offer(*db_, id(34)).state, OfferState::draft);
  EXPECT_EQ(text_in(offer(*db_, id(30)).texts, "summary", "nb"), "Kort om fotball.");
}

// ---- parse only (what the fuzz target drives) ------------------------------------------------

std::string parse_errors(std::string_view json) {
  std::vector<ImportError> errors;
  auto r = parse_and_validate(json, {}, &errors);
  EXPECT_FALSE(r);
  return all_errors(errors);
}

TEST(HsdsParse, Limits) {
  EXPECT_THAT(parse_errors(std::string(kMaxImportBytes + 1, ' ')), HasSubstr("larger than 50 MB"));
  std::string many = "[";
  for (size_t i = 0; i <= kMaxImportServices; ++i) many += i ? ",{}" : "{}";
  EXPECT_THAT(parse_errors(many + "]"), HasSubstr("more than 100,000 services"));
  EXPECT_THAT(parse_errors(R"([{"id":"a","status":"active","organization_id":"o","name":")" +
                           std::string(kMaxStringChars + 1, 'x') + "\"}]"),
              HasSubstr("services[0].name: is longer than 20,000 characters"));
  EXPECT_THAT(parse_errors(std::string(100, '[') + std::string(100, ']')),
              HasSubstr("nested deeper than 64 levels"));
  EXPECT_THAT(parse_errors("42"), HasSubstr("must be an array of services"));
  EXPECT_THAT(parse_errors(R"({"total_items": 0})"), HasSubstr("without \"contents\""));
  EXPECT_THAT(parse_errors(R"([{"id":"a","name":"Tab\u0001","status":"active","organization_id":"o"}])"),
              HasSubstr("services[0].name: contains control characters"));
  EXPECT_THAT(parse_errors(R"([{"id":"a","name":"n","status":"active","organization_id":"o",)"
                           R"("cost_options":[{"amount":10,"currency":"SEK"},{"amount":5}]}])"),
              HasSubstr("services[0].cost_options: Knutepunkt keeps one price per offer"));
  EXPECT_THAT(parse_errors(R"([{"id":"a","name":"n","status":"active","organization_id":"o",)"
                           R"("schedules":[{"id":"s","freq":"MONTHLY","bymonthday":"15","dtstart":"2026-01-15"}]}])"),
              HasSubstr("services[0].schedules[0]: The repeat rule has a part Knutepunkt does not support."));
}

TEST(HsdsParse, IdsAreKeptOrMappedDeterministically) {
  const std::string doc = R"([{"id":"AC148810-D857-441C-9679-408F346DE14B","name":"n","status":"active",)"
                          R"("organization":{"id":"ac148810d857441c9679408f346de14c","name":"o","description":""}},)"
                          R"({"id":"foreign-7","name":"m","status":"inactive","organization_id":12}])";
  auto p = parse_and_validate(doc);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->services.size(), 2u);
  EXPECT_EQ(p->services[0].offer.id, "ac148810-d857-441c-9679-408f346de14b");
  EXPECT_EQ(p->services[0].offer.organization_id, "ac148810-d857-441c-9679-408f346de14c");
  EXPECT_EQ(p->services[1].offer.id, ids::uuid_from_name("knutepunkt/hsds-import/service", "foreign-7"));
  EXPECT_EQ(p->referenced_organizations,
            std::vector<std::string>{ids::uuid_from_name("knutepunkt/hsds-import/organization", "12")});
  auto again = parse_and_validate(doc);
  EXPECT_EQ(again->services[1].offer.id, p->services[1].offer.id);
}

TEST(HsdsParse, GarbageNeverThrows) {
  std::mt19937 rng(42);
  const std::string seed = read_file(data_file("valid_page.json"));
  for (int i = 0; i < 300; ++i) {
    std::string s = seed;
    for (int k = 0; k < 1 + i % 8; ++k) s[rng() % s.size()] = static_cast<char>(rng() % 256);
    if (i % 3 == 0) s.resize(rng() % s.size());
    EXPECT_NO_THROW((void)parse_and_validate(s));
  }
}

}  // namespace
}  // namespace kp::catalog::hsds
