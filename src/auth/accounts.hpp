// Staff accounts: users, their roles, passwords and TOTP enrolment, stored in the users and
// user_roles tables (migration 0001). Every function is one statement or one transaction,
// so a failure leaves nothing half-written. All are thread-safe (the Database is).
//
// Passwords are hashed (argon2id) before a write transaction opens, so the hashing time is
// not spent holding SQLite's single write lock.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/password_policy.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::auth {

enum class Role { admin, editor, coordinator, service_employee, leader };

// The database spelling: "admin", "editor", "coordinator", "service_employee", "leader".
std::string_view to_string(Role role);
// Parses the database spelling; nullopt for anything else. Pure.
std::optional<Role> role_from_string(std::string_view s);

struct User {
  std::string id;
  std::string municipality_id;
  std::string username;  // lower case, [a-z0-9._-]{3,64}
  std::string display_name;
  std::string email;           // may be empty
  std::string service;         // family work: the user's service code ("health", "nav" …), or ""
  std::vector<Role> roles;     // sorted in enum order, no duplicates
  bool totp_enrolled = false;  // a TOTP secret is stored (the secret itself is not loaded)
  bool totp_required = false;  // an admin requires a second factor for this account
  bool disabled = false;
  UnixSeconds created_at = 0;
  UnixSeconds password_changed_at = 0;

  bool has_role(Role role) const;
};

struct NewUser {
  std::string municipality_id;
  std::string username;  // lower-cased and trimmed before validation
  std::string display_name;
  std::string email;
  std::string password;
  std::vector<Role> roles;
  bool totp_required = false;  // also selects the shorter password minimum
};

// Lower-cases and trims `username`, then checks [a-z0-9._-]{3,64}. Returns the normalised
// name or an invalid Error with field "username". Pure.
Result<std::string> normalize_username(std::string_view username);

// Creates a user after validating every field and the password policy. Errors: invalid
// (field names the input), conflict with field "username" when the name is taken. Hashes
// the password with argon2id, so it takes about a tenth of a second.
Result<User> create_user(store::Database& db, const Clock& clock, const NewUser& user,
                         const PasswordPolicy& policy = {});

// The user with this username (normalised first), or a not_found Error.
Result<User> find_user_by_username(store::Database& db, std::string_view username);
// A number that changes whenever this process has created a user or changed one's roles,
// service or disabled flag: caches of staff lists (families::StaffDirectory) compare it.
// Thread-safe.
std::uint64_t staff_epoch();

// The user with this id, or a not_found Error.
Result<User> get_user(store::Database& db, std::string_view id);
// The same inside the caller's transaction (the session lookup reads session and user in one).
Result<User> get_user(store::Conn& c, std::string_view id);

// Every user of a municipality, by username. For the admin's list; a few hundred at most.
Result<std::vector<User>> list_users(store::Database& db, std::string_view municipality_id);

// Sets the user's service (family work; policy::services() lists the codes, "" for none).
// invalid with field "service" for an unknown code, not_found when there is no such user.
Status set_service(store::Database& db, std::string_view user_id, std::string_view service);

// Replaces the user's roles. not_found when there is no such user.
Status set_roles(store::Database& db, std::string_view user_id, std::span<const Role> roles);

// Checks the policy, stores a new argon2id hash and password_changed_at, and deletes all
// the user's sessions in the same transaction, so a changed password logs out everywhere
// (a caller that keeps the current user logged in creates a fresh session afterwards).
Status set_password(store::Database& db, const Clock& clock, std::string_view user_id,
                    std::string_view password, const PasswordPolicy& policy = {});

// Disables or re-enables the account. Disabling also deletes its sessions.
Status set_disabled(store::Database& db, std::string_view user_id, bool disabled);

// Requires (or stops requiring) a second factor. Turning it on does not log anyone out;
// users without a secret are sent to enrol at their next login.
Status set_totp_required(store::Database& db, std::string_view user_id, bool required);

// Stores a base32 TOTP secret (at least 128 bits) and the last step already used, which is
// the step of the code that confirmed the enrolment. invalid with field "secret" when the
// secret does not decode or is too short; conflict when a secret is already stored, so that
// a half-logged-in session cannot replace the factor it has not passed (clear_totp first).
// Pages use confirm_totp_enrollment() (login.hpp) rather than calling this directly.
Status enroll_totp(store::Database& db, std::string_view user_id, std::string_view secret_base32,
                   std::int64_t last_used_step = 0);

// Removes the TOTP secret (lost phone). With totp_required still set, the user enrols again
// at the next login.
Status clear_totp(store::Database& db, std::string_view user_id);

// What the login check needs: the user and the password hash. Kept apart from User so that
// pages holding a User never hold the hash. not_found when there is no such username.
struct Credentials {
  User user;
  std::string password_hash;
};
Result<Credentials> find_credentials(store::Database& db, std::string_view username);

}  // namespace kp::auth
