// The demo family with a strictly protected address ("Skjermveien 13"): the address is stored,
// and it appears in no output at all — every family page and form as the coordinator, the
// team's and a leader's views, the lists, the caseload, the JSON and PDF exports, the consent
// form in every language, the access log, and the audit log itself.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <regex>

#include "app/app_client.hpp"
#include "families/demo.hpp"

namespace kp::test {
namespace {

// Text of a PDF via pdftotext (poppler-utils, installed by scripts/install-deps.sh): the page
// text is compressed inside the file, so searching the raw bytes would prove nothing.
std::string pdf_text(const std::string& pdf) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto in = dir / ("kp-prot-" + std::to_string(::getpid()) + ".pdf");
  const auto out = dir / ("kp-prot-" + std::to_string(::getpid()) + ".txt");
  std::ofstream(in, std::ios::binary) << pdf;
  const std::string cmd = "pdftotext -enc UTF-8 '" + in.string() + "' '" + out.string() + "' 2>/dev/null";
  const int rc = std::system(cmd.c_str());
  std::ifstream f(out, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::filesystem::remove(in);
  std::filesystem::remove(out);
  return rc == 0 ? text : std::string("pdftotext failed");
}

class ProtectedAddressTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    ASSERT_TRUE(families::seed_demo_families(*app_->db, clock_));
    family_ = families::demo_family_id(families::kDemoProtectedFamily);
  }
  // The first id in `sql` (one $1 parameter: the family id), or "".
  std::string first_id(const std::string& sql) {
    auto r = app_->db->read([&](store::Conn& c) { return c.query_one(sql, {family_}); });
    return r && *r ? (*r)->text(0) : std::string();
  }
  // Every GET route about one family, with its parameters filled from this family's records.
  std::vector<std::string> family_pages() {
    const std::map<std::string, std::string> ids = {
        {"{id:uuid}", family_},
        {"{person:uuid}", first_id("SELECT id FROM persons WHERE family_id = $1 AND merged_into IS NULL ORDER BY role, id")},
        {"{goal:uuid}", first_id("SELECT id FROM goals WHERE family_id = $1 ORDER BY id")},
        {"{measure:uuid}", first_id("SELECT id FROM measures WHERE family_id = $1 ORDER BY id")},
        {"{meeting:uuid}", first_id("SELECT id FROM meetings WHERE family_id = $1 ORDER BY id")},
        {"{consent:uuid}", first_id("SELECT id FROM consents WHERE family_id = $1 ORDER BY id")},
    };
    std::vector<std::string> out;
    for (const auto& r : app_->router.routes()) {
      if (r.method != http::Method::GET || !r.pattern.starts_with("/staff/families/{id:uuid}")) continue;
      std::string path = r.pattern;
      for (const auto& [param, value] : ids)
        for (auto at = path.find(param); at != std::string::npos; at = path.find(param)) path.replace(at, param.size(), value);
      if (path.find('{') == std::string::npos) out.push_back(path);
    }
    return out;
  }
  void expect_clean(const std::string& what, const std::string& body) {
    ++checked_;
    EXPECT_EQ(body.find("Skjermveien"), std::string::npos) << what << " shows the protected address";
    EXPECT_EQ(body.find("Skjermvei"), std::string::npos) << what;
  }
  void expect_clean_response(const std::string& path, const Reply& r) {
    const std::string type = r.header("Content-Type");
    expect_clean(path, type.find("pdf") != std::string::npos ? pdf_text(r.body) : r.body);
  }
  std::string family_;
  int checked_ = 0;
};

TEST_F(ProtectedAddressTest, TheAddressIsStoredButAppearsInNoOutput) {
  // Stored, so that the rest of the test proves something.
  EXPECT_NE(first_id("SELECT address FROM families WHERE id = $1").find("Skjermveien"), std::string::npos);
  EXPECT_EQ(first_id("SELECT address_protection FROM families WHERE id = $1"), "strict");

  login("koordinator");
  const auto pages = family_pages();
  ASSERT_GT(pages.size(), 20u) << "the family routes were not found";
  for (const auto& path : pages) {
    const auto r = get(path);
    // (A consent's scan exists only when one was uploaded; the demo has none.)
    if (!path.ends_with("/scan")) {
      EXPECT_NE(r.status, 404) << path << ": the coordinator should reach every page of their family";
    }
    expect_clean(path, r.status == 200 ? r.body : std::string());
    expect_clean_response(path, r);
  }
  for (const std::string lang : {"nb", "nn", "en", "ar", "so", "ti", "pl", "uk", "ur"}) {
    const std::string path = "/staff/families/" + family_ + "/consent/form.pdf?lang=" + lang;
    const auto r = get(path);
    ASSERT_EQ(r.status, 200) << path;
    expect_clean_response(path, r);
  }
  for (const std::string path : {"/staff/families", "/staff/caseload", "/staff/referrals", "/staff"})
    expect_clean_response(path, get(path));

  // The team member with consent, and a leader who sees the status only.
  jar_.clear();
  login("helsesykepleier");
  for (const auto& path : pages) expect_clean_response(path + " (nurse)", get(path));
  expect_clean_response("/staff/caseload (nurse)", get("/staff/caseload"));
  jar_.clear();
  login("leder");
  for (const std::string& path : std::vector<std::string>{"/staff/families", "/staff/caseload/team", "/staff/families/" + family_})
    expect_clean_response(path + " (leader)", get(path));

  // Nothing the application wrote about the family's reads and changes holds it either.
  auto audit = app_->db->read([&](store::Conn& c) {
    return c.query("SELECT action, details, reason FROM audit_log WHERE entity_id = $1", {family_});
  });
  ASSERT_TRUE(audit);
  EXPECT_FALSE(audit->empty()) << "every look is audited";
  for (const auto& row : *audit) expect_clean("audit " + row.text(0), row.text(1) + row.text(2));
  EXPECT_GT(checked_, 60);
}

}  // namespace
}  // namespace kp::test
