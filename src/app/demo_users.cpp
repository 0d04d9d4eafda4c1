#include "app/demo_users.hpp"

#include "auth/accounts.hpp"
#include "catalog/demo.hpp"
#include "catalog/store.hpp"

namespace kp::app {

const std::vector<DemoLogin>& demo_logins() {
  static const std::vector<DemoLogin> v = {
      {"admin", "admin", "Ada Admin", "administrator"},
      {"redaktor", "editor", "Rolf Redaktør", "catalog editor for two voluntary organisations"},
      {"koordinator", "coordinator", "Kai Koordinator", "family coordinator"},
      {"helsesykepleier", "service_employee", "Helga Helsesøster", "service employee (public health nurse)"},
      {"leder", "leader", "Lea Leder", "leader of the hub"},
  };
  return v;
}

Status seed_demo_users(store::Database& db, const Clock& clock) {
  const std::string mun = catalog::kDemoMunicipalityId;
  for (const auto& d : demo_logins()) {
    auto existing = auth::find_user_by_username(db, d.username);
    if (existing) continue;
    if (existing.error().kind != ErrorKind::not_found) return pass(existing);
    auth::NewUser u;
    u.municipality_id = mun;
    u.username = d.username;
    u.display_name = d.display_name;
    u.email = d.username + "@fjordvik.kommune.example";
    u.password = kDemoPassword;
    auto role = auth::role_from_string(d.role);
    if (role) u.roles = {*role};
    auto created = auth::create_user(db, clock, u);
    if (!created) return pass(created);
    // Consent is given per service: the nurse is "health", the hub's own staff "hub".
    if (d.role == "service_employee") KP_TRY(auth::set_service(db, created->id, "health"));
    if (d.role == "coordinator" || d.role == "leader") KP_TRY(auth::set_service(db, created->id, "hub"));
    if (d.role == "editor") {
      // The editor may change the offers of the first two voluntary organisations.
      KP_TRY(db.write([&](store::Conn& c) -> Status {
        auto orgs = catalog::list_organizations(c, mun);
        if (!orgs) return pass(orgs);
        std::vector<std::string> mine;
        for (const auto& o : *orgs)
          if (o.type == catalog::OrgType::voluntary && mine.size() < 2) mine.push_back(o.id);
        return catalog::set_editor_organizations(c, created->id, mine);
      }));
    }
  }
  return {};
}

const std::vector<DemoStaff>& demo_family_staff() {
  static const std::vector<DemoStaff> v = {
      {"koordinator2", "coordinator", "hub", "Siri Haugland"},
      {"koordinator3", "coordinator", "hub", "Amir Rahimi"},
      {"koordinator4", "coordinator", "hub", "Tone Lie"},
      {"koordinator5", "coordinator", "hub", "Jonas Eide"},
      {"koordinator6", "coordinator", "hub", "Fatima Warsame"},
      {"koordinator7", "coordinator", "hub", "Marit Sæther"},
      {"koordinator8", "coordinator", "hub", "Oleksandr Hnatiuk"},
      {"koordinator9", "coordinator", "hub", "Hege Nordby"},
      {"koordinator10", "coordinator", "hub", "Ibrahim Kamara"},
      {"jordmor", "service_employee", "health", "Jorunn Jordmor"},
      {"navveileder", "service_employee", "nav", "Vidar Veileder"},
      {"navveileder2", "service_employee", "nav", "Amal Veileder"},
      {"laerer", "service_employee", "school", "Live Lærer"},
      {"radgiver", "service_employee", "school", "Rune Rådgiver"},
      {"barnevern", "service_employee", "child_welfare", "Bente Barnevern"},
      {"ppt", "service_employee", "ppt", "Per Pedagog"},
      {"barnehage", "service_employee", "kindergarten", "Bjørn Barnehage"},
      {"kultur", "service_employee", "culture", "Kari Kultur"},
      {"frivillig", "service_employee", "voluntary", "Frida Frivillig"},
  };
  return v;
}

Status seed_demo_family_staff(store::Database& db, const Clock& clock) {
  for (const auto& d : demo_family_staff()) {
    auto existing = auth::find_user_by_username(db, d.username);
    if (existing) continue;
    if (existing.error().kind != ErrorKind::not_found) return pass(existing);
    auth::NewUser u;
    u.municipality_id = catalog::kDemoMunicipalityId;
    u.username = d.username;
    u.display_name = d.display_name;
    u.email = d.username + "@fjordvik.kommune.example";
    u.password = kDemoPassword;
    if (auto role = auth::role_from_string(d.role)) u.roles = {*role};
    auto created = auth::create_user(db, clock, u);
    if (!created) return pass(created);
    KP_TRY(auth::set_service(db, created->id, d.service));
  }
  return {};
}

}  // namespace kp::app
