// A small fixed catalog behind the catalog/store.hpp read functions that catalog/search.cpp
// calls, so the fuzz build can link search.cpp without SQL and build a real Snapshot from
// it. Only the fuzz build compiles this; the program links catalog/store.cpp instead.
#include "search_fake_store.hpp"

#include "catalog/store.hpp"

namespace kp::catalog {
namespace {

Texts texts(std::initializer_list<std::pair<const char*, const char*>> nb,
            std::initializer_list<std::pair<const char*, const char*>> en = {}) {
  Texts t;
  for (const auto& [field, value] : nb) t[field]["nb"].value = value;
  for (const auto& [field, value] : en) t[field]["en"].value = value;
  return t;
}

Schedule schedule(const char* id, CivilDate start, std::string rrule,
                  std::optional<CivilDate> ends = std::nullopt) {
  Schedule s;
  s.id = id;
  s.starts_on = start;
  s.ends_on = ends;
  s.rrule = std::move(rrule);
  s.opens_at = "17:00";
  s.closes_at = "19:00";
  return s;
}

struct Catalog {
  std::vector<Municipality> municipalities;
  std::vector<District> districts;
  std::vector<Organization> organizations;
  std::vector<Category> categories;
  std::vector<Location> locations;
  std::vector<Offer> offers;
};

const Catalog& catalog() {
  static const Catalog c = [] {
    Catalog c;
    c.municipalities = {{.id = "4601", .name = "Bergen"}, {.id = "0301", .name = "Oslo"}};
    c.districts = {{"d-arna", "4601", "Arna"}, {"d-aasane", "4601", "Åsane"}, {"d-grorud", "0301", "Grorud"}};
    auto org = [](const char* id, const char* m, const char* name, OrgType type) {
      Organization o;
      o.id = id;
      o.municipality_id = m;
      o.name = name;
      o.type = type;
      return o;
    };
    const Organization nav = org("o-nav", "4601", "NAV Arna", OrgType::nav);
    const Organization lag = org("o-lag", "4601", "Ytrebygda Fotballag", OrgType::voluntary);
    const Organization bib = org("o-bib", "0301", "Deichman Grorud", OrgType::municipal);
    c.organizations = {nav, lag, bib};
    auto category = [](const char* id, const char* m, const char* code, Texts t) {
      Category cat;
      cat.id = id;
      cat.municipality_id = m;
      cat.code = code;
      cat.texts = std::move(t);
      return cat;
    };
    const Category sport = category("c-sport", "4601", "sport",
                                    texts({{"name", "Idrett og friluftsliv"}}, {{"name", "Sports"}}));
    Category ball = category("c-ball", "4601", "ballsport", texts({{"name", "Ballsport"}}));
    ball.parent_id = "c-sport";
    const Category les = category("c-les", "0301", "lesing", texts({{"name", "Lesing og språk"}}));
    c.categories = {sport, ball, les};
    Location hall;
    hall.id = "l-hall";
    hall.municipality_id = "4601";
    hall.district_id = "d-arna";
    hall.name = "Arnahallen";
    hall.city = "Indre Arna";
    Location lib;
    lib.id = "l-lib";
    lib.municipality_id = "0301";
    lib.district_id = "d-grorud";
    lib.name = "Grorud bibliotek";
    lib.city = "Oslo";
    c.locations = {hall, lib};

    auto offer = [](const char* id, const char* m, const char* org, const char* name,
                    const char* summary) {
      Offer o;
      o.id = id;
      o.municipality_id = m;
      o.organization_id = org;
      o.state = OfferState::published;
      o.texts = texts({{"name", name}, {"summary", summary}}, {{"name", name}});
      return o;
    };
    Offer a = offer("f-1", "4601", "o-lag", "Fotballtrening for jenter", "Gratis trening hver tirsdag");
    a.location_id = "l-hall";
    a.min_age = 8;
    a.max_age = 12;
    a.category_ids = {"c-ball"};
    a.schedules = {schedule("s-1", {2026, 1, 6}, "FREQ=WEEKLY;BYDAY=TU", CivilDate{2026, 6, 30})};
    a.languages = {"nb", "en"};
    Offer b = offer("f-2", "4601", "o-nav", "Jobbklubb", "Hjelp til CV og søknad");
    b.free = true;
    b.min_age = 18;
    b.schedules = {schedule("s-2", {2026, 2, 2}, "FREQ=DAILY;INTERVAL=3;COUNT=40")};
    b.languages = {"nb", "uk", "ar"};
    b.interpretation = true;
    Offer c2 = offer("f-3", "0301", "o-bib", "Leksehjelp på biblioteket", "Språkkafé og leksehjelp");
    c2.location_id = "l-lib";
    c2.free = false;
    c2.fee_ore = 5000;
    c2.category_ids = {"c-les"};
    c2.schedules = {schedule("s-3", {2026, 1, 15}, "FREQ=MONTHLY;BYDAY=-1TH"),
                    schedule("s-4", {2026, 3, 1}, "")};
    c2.languages = {"nb", "so"};
    Offer d = offer("f-4", "4601", "o-lag", "Sommerleir", "Ukesleir med bading og ballspill");
    d.category_ids = {"c-sport", "c-unknown"};
    d.max_age = 16;
    d.schedules = {schedule("s-5", {2026, 6, 22}, "FREQ=YEARLY;UNTIL=20300701"),
                   schedule("s-6", {2026, 1, 1}, "not a rule")};
    Offer e = offer("f-5", "0301", "o-bib", "Ærlig talt: åpen scene", "Øvelse gjør mester");
    e.schedules = {schedule("s-7", {2025, 12, 31}, "FREQ=MONTHLY;INTERVAL=2")};
    c.offers = {a, b, c2, d, e};
    return c;
  }();
  return c;
}

}  // namespace

Result<std::int64_t> catalog_version(Conn&) { return 1; }
Result<std::vector<Municipality>> list_municipalities(Conn&) { return catalog().municipalities; }
Result<std::vector<District>> list_districts(Conn&, const std::string&) { return catalog().districts; }
Result<std::vector<Organization>> list_organizations(Conn&, const std::string&) {
  return catalog().organizations;
}
Result<std::vector<Category>> list_categories(Conn&, const std::string&) { return catalog().categories; }
Result<std::vector<Location>> list_locations(Conn&, const std::string&) { return catalog().locations; }
Result<std::vector<Offer>> list_offers(Conn&, const OfferQuery&) { return catalog().offers; }

}  // namespace kp::catalog

namespace kp::fuzz {
namespace {

class NoSqlConn final : public store::Conn {
 public:
  using Conn::exec;
  using Conn::query;
  Result<store::Rows> query(std::string_view, std::span<const store::Value>) override {
    return internal_error("no SQL in the fuzz build");
  }
  Result<std::int64_t> exec(std::string_view, std::span<const store::Value>) override {
    return internal_error("no SQL in the fuzz build");
  }
  Status exec_script(std::string_view) override { return internal_error("no SQL in the fuzz build"); }
};

}  // namespace

store::Engine FakeDatabase::engine() const { return store::Engine::sqlite; }
Status FakeDatabase::with_read(const std::function<Status(store::Conn&)>& fn) {
  NoSqlConn conn;
  return fn(conn);
}
Status FakeDatabase::with_write(const std::function<Status(store::Conn&)>&) {
  return internal_error("read-only fake");
}
store::PoolStats FakeDatabase::stats() const { return {}; }
Status FakeDatabase::backup(const std::string&) { return internal_error("read-only fake"); }

}  // namespace kp::fuzz
