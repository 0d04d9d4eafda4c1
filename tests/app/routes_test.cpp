// Every route goes through the policy module: a route is registered with a Permission, public
// routes are an explicit list here, and every other route refuses a visitor without a session.
// Adding a route that is public by accident, or one whose handler runs without a login, fails.
#include <set>

#include "app_client.hpp"

using namespace kp;
using kp::http::Method;

namespace {

// The public surface of the server. A new public route must be added here on purpose.
const std::set<std::string> kPublic = {
    "/", "/offers", "/offers/{id:uuid}", "/offers/{id:uuid}.ics", "/offers.ics", "/offers/brochure.pdf",
    "/language", "/about/accessibility", "/healthz", "/metrics", "/assets/{file}",
    "/api/v1/offers", "/api/v1/offers/{id:uuid}", "/hsds/", "/hsds", "/hsds/services", "/hsds/services/{id:uuid}",
    "/hsds/organizations", "/hsds/organizations/{id:uuid}", "/hsds/taxonomies", "/hsds/taxonomy_terms",
    "/login", "/login/code", "/login/enroll", "/logout",
    "/help",  // GET and POST: the public "I want help" form (families/help_pages.cpp)
    // Activities (activities/public_pages.cpp): list, activity + sign-up (POST), the guardian's
    // own sign-up behind a private link (cancel, answer an offer), and the offer link.
    "/activities", "/activities/{id:uuid}", "/activities/cancel/{token}", "/activities/offer/{token}",
    // Equipment (equipment/public_pages.cpp): what can be borrowed now, and the reservation
    // request (GET and POST).
    "/equipment", "/equipment/reserve"};

std::string sample_path(const std::string& pattern) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      const size_t end = pattern.find('}', i);
      const std::string inner = pattern.substr(i + 1, end - i - 1);
      out += inner.ends_with(":uuid") ? "00000000-0000-4000-8000-000000000000" : inner.ends_with(":int") ? "1" : "en";
      i = end + 1;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

class Routes : public test::AppTest {};

}  // namespace

TEST_F(Routes, PublicRoutesAreExactlyTheIntendedOnes) {
  for (const auto& r : app_->router.routes()) {
    if (r.permission == policy::Permission::public_page) {
      EXPECT_TRUE(kPublic.count(r.pattern)) << "route " << r.pattern << " is public but not in the list of public routes";
    }
  }
}

TEST_F(Routes, EveryOtherRouteRefusesAVisitorWithoutASession) {
  int checked = 0;
  for (const auto& r : app_->router.routes()) {
    if (r.permission == policy::Permission::public_page) continue;
    const std::string path = sample_path(r.pattern);
    if (r.method == Method::GET) {
      auto reply = get(path);
      EXPECT_EQ(reply.status, 303) << r.pattern;
      EXPECT_TRUE(reply.header("Location").starts_with("/login?next=")) << r.pattern;
    } else {
      auto reply = post(path, {});
      EXPECT_EQ(reply.status, 403) << r.pattern;
    }
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

TEST_F(Routes, RolesWithoutTheRightPermissionAreRefused) {
  login("koordinator");
  for (const auto& r : app_->router.routes()) {
    if (r.method != Method::GET) continue;
    if (r.permission == policy::Permission::catalog_edit || r.permission == policy::Permission::catalog_admin ||
        r.permission == policy::Permission::user_admin || r.permission == policy::Permission::system_read) {
      EXPECT_EQ(get(sample_path(r.pattern)).status, 403) << r.pattern;
    }
  }
}

TEST_F(Routes, UnknownPathsAre404AndWrongMethods405WithAllow) {
  auto r = get("/no/such/page");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<html lang=\"nb\""), std::string::npos);
  auto m = request(Method::DELETE, "/offers");
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.header("Allow"), "GET, HEAD");
  EXPECT_EQ(get("/offers/not-a-uuid").status, 404);
}
