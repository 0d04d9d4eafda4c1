#include "auth/accounts.hpp"

#include <gtest/gtest.h>

#include <cctype>

#include "auth/auth_test_db.hpp"
#include "auth/sessions.hpp"
#include "auth/totp.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"

namespace kp::auth {
namespace {

using test::AuthDbTest;
using test::kPassword;

TEST(Roles, RoundTripThroughStrings) {
  for (Role r :
       {Role::admin, Role::editor, Role::coordinator, Role::service_employee, Role::leader})
    EXPECT_EQ(role_from_string(to_string(r)), r);
  EXPECT_EQ(to_string(Role::service_employee), "service_employee");
  EXPECT_FALSE(role_from_string("Admin"));
  EXPECT_FALSE(role_from_string(""));
}

TEST(Usernames, AreLowerCasedAndChecked) {
  EXPECT_EQ(*normalize_username("  Kari.Nordmann "), "kari.nordmann");
  EXPECT_EQ(*normalize_username("ola_n-2"), "ola_n-2");
  EXPECT_TRUE(normalize_username(std::string(64, 'a')));
  for (const char* bad : {"ab", "kari nordmann", "kåre", "ola@x", "", "a/b"}) {
    auto r = normalize_username(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "username");
  }
  EXPECT_FALSE(normalize_username(std::string(65, 'a')));
}

class AccountsTest : public AuthDbTest {};

TEST_F(AccountsTest, CreateAndFindUser) {
  NewUser in = new_user("Kari.Nordmann");
  in.roles = {Role::leader, Role::admin, Role::leader};
  auto created = create_user(*db, clock, in);
  ASSERT_TRUE(created) << created.error().message << created.error().detail;
  EXPECT_TRUE(kp::ids::is_uuid(created->id));
  EXPECT_EQ(created->username, "kari.nordmann");
  EXPECT_EQ(created->roles, (std::vector<Role>{Role::admin, Role::leader}));

  auto found = find_user_by_username(*db, "KARI.nordmann");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, created->id);
  EXPECT_EQ(found->municipality_id, test::kMunicipality);
  EXPECT_EQ(found->display_name, "Kari Nordmann");
  EXPECT_EQ(found->email, "kari@example.org");
  EXPECT_EQ(found->roles, (std::vector<Role>{Role::admin, Role::leader}));
  EXPECT_TRUE(found->has_role(Role::admin));
  EXPECT_FALSE(found->has_role(Role::editor));
  EXPECT_FALSE(found->totp_enrolled);
  EXPECT_FALSE(found->totp_required);
  EXPECT_FALSE(found->disabled);
  EXPECT_EQ(found->created_at, test::kStart);
  EXPECT_EQ(found->password_changed_at, test::kStart);

  auto by_id = get_user(*db, created->id);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->username, "kari.nordmann");

  // Stored as an argon2id hash, never in clear.
  auto stored = rows("SELECT password_hash FROM users WHERE id = $1", {created->id});
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_TRUE(stored[0].text(0).starts_with("$argon2id$"));
  EXPECT_TRUE(kp::crypto::verify_password(stored[0].text(0), kPassword));
}

TEST_F(AccountsTest, MissingUsersAreNotFound) {
  EXPECT_EQ(find_user_by_username(*db, "nobody").error().kind, ErrorKind::not_found);
  EXPECT_EQ(find_user_by_username(*db, "x").error().kind, ErrorKind::not_found);
  EXPECT_EQ(get_user(*db, "not-a-uuid").error().kind, ErrorKind::not_found);
  EXPECT_EQ(get_user(*db, kp::ids::new_uuid()).error().kind, ErrorKind::not_found);
  const std::string ghost = kp::ids::new_uuid();
  const Role roles[] = {Role::admin};
  EXPECT_EQ(set_roles(*db, ghost, roles).error().kind, ErrorKind::not_found);
  EXPECT_EQ(set_disabled(*db, ghost, true).error().kind, ErrorKind::not_found);
  EXPECT_EQ(set_totp_required(*db, ghost, true).error().kind, ErrorKind::not_found);
  EXPECT_EQ(clear_totp(*db, ghost).error().kind, ErrorKind::not_found);
  EXPECT_EQ(set_password(*db, clock, ghost, "lange ord på rad igjen").error().kind,
            ErrorKind::not_found);
}

TEST_F(AccountsTest, DuplicateUsernameIsAConflict) {
  make_user("kari.nordmann");
  auto again = create_user(*db, clock, new_user("Kari.Nordmann", "Kari Nordmann den andre"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(again.error().field, "username");
  EXPECT_EQ(rows("SELECT COUNT(*) FROM users")[0].integer(0), 1);
}

TEST_F(AccountsTest, CreateValidatesInput) {
  NewUser weak = new_user("ola.nordmann", "Ola Nordmann");
  weak.password = "passord123";
  auto r = create_user(*db, clock, weak);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_EQ(r.error().field, "password");

  // The shorter minimum applies when a second factor is required.
  NewUser with_totp = new_user("ola.nordmann", "Ola Nordmann");
  with_totp.password = "blå hval";
  EXPECT_FALSE(create_user(*db, clock, with_totp));
  with_totp.totp_required = true;
  EXPECT_TRUE(create_user(*db, clock, with_totp));

  NewUser bad_name = new_user("k", "K");
  EXPECT_EQ(create_user(*db, clock, bad_name).error().field, "username");
  NewUser no_display = new_user("per.hansen", "   ");
  EXPECT_EQ(create_user(*db, clock, no_display).error().field, "display_name");
  NewUser bad_email = new_user("per.hansen", "Per Hansen");
  bad_email.email = "per at example";
  EXPECT_EQ(create_user(*db, clock, bad_email).error().field, "email");
  NewUser no_muni = new_user("per.hansen", "Per Hansen");
  no_muni.municipality_id = "0000";
  EXPECT_EQ(create_user(*db, clock, no_muni).error().field, "municipality_id");
  EXPECT_EQ(rows("SELECT COUNT(*) FROM users")[0].integer(0), 1);
}

TEST_F(AccountsTest, SetRoles) {
  User u = make_user("kari.nordmann");
  const Role roles[] = {Role::coordinator, Role::service_employee, Role::coordinator};
  ASSERT_TRUE(set_roles(*db, u.id, roles));
  EXPECT_EQ(get_user(*db, u.id)->roles,
            (std::vector<Role>{Role::coordinator, Role::service_employee}));
  ASSERT_TRUE(set_roles(*db, u.id, {}));
  EXPECT_TRUE(get_user(*db, u.id)->roles.empty());
  // Roles this binary does not know are ignored when reading.
  ASSERT_TRUE(db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(c.exec("INSERT INTO user_roles(user_id, role) VALUES ($1, 'auditor')", {u.id}));
    return {};
  }));
  EXPECT_TRUE(get_user(*db, u.id)->roles.empty());
}

TEST_F(AccountsTest, SetPasswordLogsOutEverywhere) {
  User u = make_user("kari.nordmann");
  ASSERT_TRUE(create_session(*db, clock, u.id, true));
  ASSERT_TRUE(create_session(*db, clock, u.id, false));
  clock.advance(3600);
  User other = make_user("ola.nordmann");
  auto others = create_session(*db, clock, other.id, true);
  ASSERT_TRUE(others);

  EXPECT_EQ(set_password(*db, clock, u.id, "kort").error().field, "password");
  EXPECT_EQ(rows("SELECT COUNT(*) FROM sessions WHERE user_id = $1", {u.id})[0].integer(0), 2);

  ASSERT_TRUE(set_password(*db, clock, u.id, "sju sultne sjiraffer"));
  EXPECT_EQ(rows("SELECT COUNT(*) FROM sessions WHERE user_id = $1", {u.id})[0].integer(0), 0);
  EXPECT_TRUE(lookup_session(*db, clock, *others));  // other users keep theirs
  EXPECT_EQ(get_user(*db, u.id)->password_changed_at, test::kStart + 3600);
  auto hash = rows("SELECT password_hash FROM users WHERE id = $1", {u.id})[0].text(0);
  EXPECT_TRUE(kp::crypto::verify_password(hash, "sju sultne sjiraffer"));
  EXPECT_FALSE(kp::crypto::verify_password(hash, kPassword));
}

TEST_F(AccountsTest, DisablingDeletesSessions) {
  User u = make_user("kari.nordmann");
  auto token = create_session(*db, clock, u.id, true);
  ASSERT_TRUE(token);
  ASSERT_TRUE(set_disabled(*db, u.id, true));
  EXPECT_TRUE(get_user(*db, u.id)->disabled);
  EXPECT_EQ(rows("SELECT COUNT(*) FROM sessions")[0].integer(0), 0);
  ASSERT_TRUE(set_disabled(*db, u.id, false));
  EXPECT_FALSE(get_user(*db, u.id)->disabled);
}

TEST_F(AccountsTest, TotpEnrolment) {
  User u = make_user("kari.nordmann");
  ASSERT_TRUE(set_totp_required(*db, u.id, true));
  EXPECT_TRUE(get_user(*db, u.id)->totp_required);

  EXPECT_EQ(enroll_totp(*db, u.id, "not base32!").error().field, "secret");
  EXPECT_EQ(enroll_totp(*db, u.id, "MZXW6YTB").error().field, "secret");  // 40 bits: too short

  const std::string secret = totp::new_secret();
  ASSERT_TRUE(enroll_totp(*db, u.id, secret, 42));
  EXPECT_TRUE(get_user(*db, u.id)->totp_enrolled);
  auto stored = rows("SELECT totp_secret, totp_last_step FROM users WHERE id = $1", {u.id});
  EXPECT_EQ(stored[0].text(0), secret);
  EXPECT_EQ(stored[0].integer(1), 42);

  // A stored factor cannot be replaced without clearing it first.
  auto again = enroll_totp(*db, u.id, totp::new_secret());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);

  ASSERT_TRUE(clear_totp(*db, u.id));
  EXPECT_FALSE(get_user(*db, u.id)->totp_enrolled);
  EXPECT_TRUE(get_user(*db, u.id)->totp_required);
  stored = rows("SELECT totp_secret, totp_last_step FROM users WHERE id = $1", {u.id});
  EXPECT_TRUE(stored[0].is_null(0));
  EXPECT_EQ(stored[0].integer(1), 0);
  // Lower-case or spaced input is stored canonically.
  std::string spaced;
  for (size_t i = 0; i < secret.size(); ++i) {
    spaced += static_cast<char>(std::tolower(static_cast<unsigned char>(secret[i])));
    if (i % 4 == 3) spaced += ' ';
  }
  ASSERT_TRUE(enroll_totp(*db, u.id, spaced));
  EXPECT_EQ(rows("SELECT totp_secret FROM users WHERE id = $1", {u.id})[0].text(0), secret);
}

}  // namespace
}  // namespace kp::auth
