// A test client that drives app::handle() directly (no sockets): a cookie jar, CSRF tokens
// read from the pages like a browser would, and a fresh demo database per test on the engine
// KP_TEST_ENGINE selects.
#pragma once
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "app/app.hpp"
#include "app/demo_users.hpp"
#include "catalog/demo.hpp"
#include "http/form.hpp"
#include "http/target.hpp"
#include "store/test_db.hpp"
#include "web/url.hpp"

namespace kp::test {

class AppTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto db = open();
    ASSERT_TRUE(db);
    ASSERT_TRUE(catalog::seed_demo_catalog(*db, clock_));
    ASSERT_TRUE(app::seed_demo_users(*db, clock_));
    db.reset();
    app::Settings s;
    s.db = url();
    s.plain_http = true;
    s.allow_synthetic_ids = true;  // tests use synthetic identity numbers only
    secret_dir_ = std::filesystem::temp_directory_path() / ("kp-app-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    s.secret_file = (secret_dir_ / "secret").string();
    s.locale_dir = std::string(std::getenv("KP_BINARY_DIR") ? std::getenv("KP_BINARY_DIR") : "build") + "/locale";
    s.assets_dir = std::getenv("KP_SOURCE_DIR") ? std::getenv("KP_SOURCE_DIR") : ".";
    auto a = app::make_app(s, clock_);
    ASSERT_TRUE(a) << a.error().field << ": " << a.error().message;
    app_ = std::move(*a);
  }
  void TearDown() override {
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(secret_dir_, ec);
    StoreTest::TearDown();
  }

  struct Reply {
    int status = 0;
    std::string body;
    http::Pairs headers;
    std::string content_type;
    std::string header(std::string_view name) const {
      for (const auto& [k, v] : headers)
        if (k == name) return v;
      return {};
    }
  };

  Reply request(http::Method method, const std::string& target, const std::string& body = {},
                const std::string& accept_language = {}, const std::string& content_type = {}) {
    http::Request req;
    req.method = method;
    req.target = target;
    auto parsed = http::parse_target(target);
    EXPECT_TRUE(parsed) << target;
    if (parsed) {
      req.path = parsed->path;
      req.query = parsed->query;
    }
    std::string cookie;
    for (const auto& [k, v] : jar_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
    if (!cookie.empty()) req.headers.emplace_back("cookie", cookie);
    req.headers.emplace_back("accept-language", accept_language.empty() ? lang_ : accept_language);
    if (method == http::Method::POST)
      req.headers.emplace_back("content-type", content_type.empty() ? "application/x-www-form-urlencoded" : content_type);
    req.body = body;
    req.remote_addr = "127.0.0.1";
    http::Response r = app::handle(*app_, req);
    http::settle(r);  // what the server would send: held pages only once their audit committed
    for (const auto& [k, v] : r.headers) {
      if (k != "Set-Cookie") continue;
      const auto eq = v.find('='), semi = v.find(';');
      const std::string name = v.substr(0, eq), value = v.substr(eq + 1, semi - eq - 1);
      if (v.find("Max-Age=0") != std::string::npos) jar_.erase(name);
      else jar_[name] = value;
    }
    return Reply{r.status, r.body, r.headers, r.content_type};
  }
  Reply get(const std::string& target, const std::string& lang = {}) { return request(http::Method::GET, target, {}, lang); }

  // The CSRF token of the last page that had a form.
  std::string csrf_from(const std::string& page) {
    std::smatch m;
    static const std::regex re(R"re(name="csrf" value="([^"]+)")re");
    if (std::regex_search(page, m, re)) return m[1];
    return {};
  }
  static std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + web::url_encode(k) + "=" + web::url_encode(v);
    return out;
  }
  // Posts a form with the CSRF token taken from `page_with_form` (fetched with GET first).
  Reply post(const std::string& target, std::vector<std::pair<std::string, std::string>> fields,
             const std::string& page_with_form = "/login") {
    const std::string token = csrf_from(get(page_with_form).body);
    EXPECT_FALSE(token.empty());
    fields.emplace_back("csrf", token);
    return request(http::Method::POST, target, form(fields));
  }
  // Posts a multipart/form-data form with one file, as a browser's file upload does.
  Reply upload(const std::string& target, const std::string& page_with_form, const std::string& file_field,
               const std::string& file_body, std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("csrf", csrf_from(get(page_with_form).body));
    const std::string boundary = "----kpTestBoundary7MA4YWxkTrZu0gW";
    std::string body;
    for (const auto& [k, v] : fields)
      body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file_field +
            "\"; filename=\"upload.json\"\r\nContent-Type: application/json\r\n\r\n" + file_body + "\r\n";
    body += "--" + boundary + "--\r\n";
    return request(http::Method::POST, target, body, {}, "multipart/form-data; boundary=" + boundary);
  }
  void login(const std::string& username) {
    auto r = post("/login", {{"username", username}, {"password", app::kDemoPassword}, {"next", "/staff"}});
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
    ASSERT_EQ(r.header("Location"), "/staff");
  }

  ManualClock clock_{1795000000};  // 2026-11-18
  // The Accept-Language every request sends unless it names one. Tests that read English
  // texts set "en", so a finished translation does not break them.
  std::string lang_ = "nb";
  std::unique_ptr<app::App> app_;
  std::map<std::string, std::string> jar_;
  std::filesystem::path secret_dir_;
  static inline int counter_ = 0;
};

}  // namespace kp::test
