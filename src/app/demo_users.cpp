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

}  // namespace kp::app
