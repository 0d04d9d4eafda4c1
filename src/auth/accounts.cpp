#include "auth/accounts.hpp"

#include <algorithm>
#include <array>
#include <atomic>

#include "auth/totp.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"
#include "policy/policy.hpp"

namespace kp::auth {

namespace {

std::atomic<std::uint64_t> g_staff_epoch{0};

// Bumps the epoch when the changing function returns, i.e. after its transaction committed
// (or failed): a cache filled before that compares unequal and reloads.
struct StaffEpochBump {
  ~StaffEpochBump() { g_staff_epoch.fetch_add(1, std::memory_order_acq_rel); }
};

}  // namespace

std::uint64_t staff_epoch() { return g_staff_epoch.load(std::memory_order_acquire); }

namespace {

using store::Conn;
using store::Row;
using store::Value;

constexpr std::array<std::string_view, 5> kRoleNames = {"admin", "editor", "coordinator",
                                                        "service_employee", "leader"};
constexpr size_t kMaxDisplayName = 200;
constexpr size_t kMaxEmail = 254;
constexpr size_t kMinSecretBytes = 16;  // RFC 4226 requires at least 128 bits

constexpr const char* kSelectUser =
    "SELECT id, municipality_id, username, display_name, email,"
    " CASE WHEN totp_secret IS NULL THEN 0 ELSE 1 END, totp_required, disabled,"
    " created_at, password_changed_at, password_hash, service FROM users ";

Value text(std::string_view s) { return std::string(s); }
Value flag(bool b) { return std::int64_t{b ? 1 : 0}; }

kp::unexpected<Error> no_such_user() { return not_found("The user was not found."); }

std::vector<Role> normalized_roles(std::span<const Role> roles) {
  std::vector<Role> out(roles.begin(), roles.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Credentials credentials_from_row(const Row& r) {
  Credentials c;
  User& u = c.user;
  u.id = r.text(0);
  u.municipality_id = r.text(1);
  u.username = r.text(2);
  u.display_name = r.text(3);
  u.email = r.text(4);
  u.totp_enrolled = r.integer(5) != 0;
  u.totp_required = r.integer(6) != 0;
  u.disabled = r.integer(7) != 0;
  u.created_at = r.integer(8);
  u.password_changed_at = r.integer(9);
  c.password_hash = r.text(10);
  u.service = r.text(11);
  return c;
}

Result<std::vector<Role>> load_roles(Conn& c, const std::string& user_id) {
  auto rows = c.query("SELECT role FROM user_roles WHERE user_id = $1", {user_id});
  if (!rows) return pass(rows);
  std::vector<Role> roles;
  // Unknown strings are skipped so an older binary can read rows a newer one wrote.
  for (const Row& r : *rows)
    if (auto role = role_from_string(r.text(0))) roles.push_back(*role);
  return normalized_roles(roles);
}

// Loads one user (with hash and roles) by a WHERE clause on one parameter.
Result<Credentials> load_credentials(Conn& c, std::string_view where, const Value& param) {
  const std::string sql = std::string(kSelectUser) + std::string(where);
  auto row = c.query_one(sql, {param});
  if (!row) return pass(row);
  if (!*row) return no_such_user();
  Credentials creds = credentials_from_row(**row);
  auto roles = load_roles(c, creds.user.id);
  if (!roles) return pass(roles);
  creds.user.roles = std::move(*roles);
  return creds;
}

Status insert_roles(Conn& c, const std::string& user_id, std::span<const Role> roles) {
  for (Role role : roles) {
    auto r = c.exec("INSERT INTO user_roles(user_id, role) VALUES ($1, $2)",
                    {user_id, text(to_string(role))});
    if (!r) return pass(r);
  }
  return {};
}

// Fails with not_found unless exactly one row changed.
Status expect_one(const Result<std::int64_t>& changed) {
  if (!changed) return pass(changed);
  if (*changed == 0) return no_such_user();
  return {};
}

Result<std::string> validate_display_name(std::string_view name) {
  const std::string_view t = kp::text::trim(name);
  if (t.empty()) return invalid("Enter a name.", "display_name");
  if (!kp::text::is_clean_utf8(t) || t.find_first_of("\t\r\n") != std::string_view::npos)
    return invalid("The name contains characters that cannot be used.", "display_name");
  if (kp::text::length_utf8(t) > kMaxDisplayName)
    return invalid("The name is too long.", "display_name");
  return std::string(t);
}

Result<std::string> validate_email(std::string_view email) {
  const std::string_view t = kp::text::trim(email);
  if (t.empty()) return std::string();
  const size_t at = t.find('@');
  const bool plausible = t.size() <= kMaxEmail && at != std::string_view::npos && at > 0 &&
                         at + 1 < t.size() && t.find('@', at + 1) == std::string_view::npos &&
                         kp::text::is_clean_utf8(t) &&
                         t.find_first_of(" \t\r\n<>,;") == std::string_view::npos;
  if (!plausible) return invalid("Enter a valid e-mail address, or leave it empty.", "email");
  return std::string(t);
}

}  // namespace

std::string_view to_string(Role role) { return kRoleNames.at(static_cast<size_t>(role)); }

std::optional<Role> role_from_string(std::string_view s) {
  for (size_t i = 0; i < kRoleNames.size(); ++i)
    if (kRoleNames[i] == s) return static_cast<Role>(i);
  return std::nullopt;
}

bool User::has_role(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

Result<std::string> normalize_username(std::string_view username) {
  std::string name(kp::text::trim(username));
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  if (name.size() < 3 || name.size() > 64)
    return invalid("The username must be between 3 and 64 characters long.", "username");
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok)
      return invalid("The username may contain only a–z, 0–9, full stop, hyphen and underscore.",
                     "username");
  }
  return name;
}

Result<User> create_user(store::Database& db, const Clock& clock, const NewUser& in,
                         const PasswordPolicy& policy) {
  StaffEpochBump bump;
  if (kp::text::trim(in.municipality_id).empty())
    return invalid("Choose a municipality.", "municipality_id");
  auto username = normalize_username(in.username);
  if (!username) return pass(username);
  auto display_name = validate_display_name(in.display_name);
  if (!display_name) return pass(display_name);
  auto email = validate_email(in.email);
  if (!email) return pass(email);
  KP_TRY(check_password(in.password, {*username, *display_name, in.totp_required}, policy));

  User user;
  user.id = kp::ids::new_uuid();
  user.municipality_id = std::string(kp::text::trim(in.municipality_id));
  user.username = *username;
  user.display_name = *display_name;
  user.email = *email;
  user.roles = normalized_roles(in.roles);
  user.totp_required = in.totp_required;
  user.created_at = user.password_changed_at = clock.now();
  const std::string hash = kp::crypto::hash_password(in.password);

  return db.write([&](Conn& c) -> Result<User> {
    auto muni = c.query_one("SELECT 1 FROM municipalities WHERE id = $1", {user.municipality_id});
    if (!muni) return pass(muni);
    if (!*muni) return invalid("The municipality does not exist.", "municipality_id");
    auto taken = c.query_one("SELECT 1 FROM users WHERE username = $1", {user.username});
    if (!taken) return pass(taken);
    if (*taken) return fail(ErrorKind::conflict, "The username is already taken.", "username");

    auto inserted = c.exec(
        "INSERT INTO users(id, municipality_id, username, display_name, email, password_hash,"
        " totp_required, created_at, password_changed_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {user.id, user.municipality_id, user.username, user.display_name, user.email, hash,
         flag(user.totp_required), user.created_at, user.password_changed_at});
    if (!inserted) {
      // A concurrent insert of the same name slipped past the check above.
      if (inserted.error().kind == ErrorKind::conflict)
        return fail(ErrorKind::conflict, "The username is already taken.", "username",
                    inserted.error().detail);
      return pass(inserted);
    }
    KP_TRY(insert_roles(c, user.id, user.roles));
    return user;
  });
}

Result<Credentials> find_credentials(store::Database& db, std::string_view username) {
  auto name = normalize_username(username);
  if (!name) return no_such_user();
  return db.read([&](Conn& c) { return load_credentials(c, "WHERE username = $1", Value(*name)); });
}

Result<User> find_user_by_username(store::Database& db, std::string_view username) {
  auto creds = find_credentials(db, username);
  if (!creds) return pass(creds);
  return std::move(creds->user);
}

Result<User> get_user(store::Database& db, std::string_view id) {
  return db.read([&](Conn& c) { return get_user(c, id); });
}

Result<User> get_user(Conn& c, std::string_view id) {
  if (!kp::ids::is_uuid(id)) return no_such_user();
  auto creds = load_credentials(c, "WHERE id = $1", text(id));
  if (!creds) return pass(creds);
  return std::move(creds->user);
}

Result<std::vector<User>> list_users(store::Database& db, std::string_view municipality_id) {
  return db.read([&](Conn& c) -> Result<std::vector<User>> {
    auto rows = c.query("SELECT id FROM users WHERE municipality_id = $1 ORDER BY username", {text(municipality_id)});
    if (!rows) return pass(rows);
    std::vector<User> out;
    for (const auto& r : *rows) {
      auto creds = load_credentials(c, "WHERE id = $1", Value(r.text(0)));
      if (!creds) return pass(creds);
      out.push_back(std::move(creds->user));
    }
    return out;
  });
}

Status set_roles(store::Database& db, std::string_view user_id, std::span<const Role> roles) {
  StaffEpochBump bump;
  const std::vector<Role> wanted = normalized_roles(roles);
  return db.with_write([&](Conn& c) -> Status {
    auto exists = c.query_one("SELECT 1 FROM users WHERE id = $1", {text(user_id)});
    if (!exists) return pass(exists);
    if (!*exists) return no_such_user();
    KP_TRY(c.exec("DELETE FROM user_roles WHERE user_id = $1", {text(user_id)}));
    return insert_roles(c, std::string(user_id), wanted);
  });
}

Status set_service(store::Database& db, std::string_view user_id, std::string_view service) {
  StaffEpochBump bump;
  if (!service.empty() && !policy::is_service(service))
    return invalid("Choose a service from the list.", "service");
  return db.with_write([&](Conn& c) -> Status {
    auto n = c.exec("UPDATE users SET service = $1 WHERE id = $2", {text(service), text(user_id)});
    if (!n) return pass(n);
    if (*n == 0) return no_such_user();
    return {};
  });
}

Status set_password(store::Database& db, const Clock& clock, std::string_view user_id,
                    std::string_view password, const PasswordPolicy& policy) {
  auto user = get_user(db, user_id);
  if (!user) return pass(user);
  KP_TRY(
      check_password(password, {user->username, user->display_name, user->totp_required}, policy));
  const std::string hash = kp::crypto::hash_password(password);
  const UnixSeconds now = clock.now();
  return db.with_write([&](Conn& c) -> Status {
    KP_TRY(expect_one(
        c.exec("UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE id = $1",
               {text(user_id), hash, now})));
    KP_TRY(c.exec("DELETE FROM sessions WHERE user_id = $1", {text(user_id)}));
    return {};
  });
}

Status set_disabled(store::Database& db, std::string_view user_id, bool disabled) {
  StaffEpochBump bump;
  return db.with_write([&](Conn& c) -> Status {
    KP_TRY(expect_one(
        c.exec("UPDATE users SET disabled = $2 WHERE id = $1", {text(user_id), flag(disabled)})));
    if (disabled) KP_TRY(c.exec("DELETE FROM sessions WHERE user_id = $1", {text(user_id)}));
    return {};
  });
}

Status set_totp_required(store::Database& db, std::string_view user_id, bool required) {
  return db.with_write([&](Conn& c) -> Status {
    return expect_one(c.exec("UPDATE users SET totp_required = $2 WHERE id = $1",
                             {text(user_id), flag(required)}));
  });
}

Status enroll_totp(store::Database& db, std::string_view user_id, std::string_view secret_base32,
                   std::int64_t last_used_step) {
  auto key = totp::base32_decode(secret_base32);
  if (!key || key->size() < kMinSecretBytes)
    return invalid("The authenticator key is not valid.", "secret");
  // Stored in canonical form so what the app shows and what is stored always agree.
  const std::string canonical = totp::base32_encode(*key);
  return db.with_write([&](Conn& c) -> Status {
    auto row = c.query_one("SELECT totp_secret FROM users WHERE id = $1", {text(user_id)});
    if (!row) return pass(row);
    if (!*row) return no_such_user();
    if (!(*row)->is_null(0))
      return fail(ErrorKind::conflict, "An authenticator app is already set up.", "secret");
    return expect_one(c.exec("UPDATE users SET totp_secret = $2, totp_last_step = $3 WHERE id = $1",
                             {text(user_id), canonical, last_used_step}));
  });
}

Status clear_totp(store::Database& db, std::string_view user_id) {
  return db.with_write([&](Conn& c) -> Status {
    return expect_one(c.exec(
        "UPDATE users SET totp_secret = NULL, totp_last_step = 0 WHERE id = $1", {text(user_id)}));
  });
}

}  // namespace kp::auth
