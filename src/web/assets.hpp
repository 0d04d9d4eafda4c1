// Static assets (CSS, the few images) loaded once at start-up, served under content-hashed
// names with a one-year immutable cache lifetime, pre-compressed with gzip.
#pragma once
#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/request.hpp"

namespace kp::web {

class Assets {
 public:
  // Loads the files the pages use from the source tree (`root`, which holds assets/ and
  // node_modules/). Fails naming the file that is missing.
  Status load(const std::string& root);
  // The URL of an asset by its logical name ("app.css" → "/assets/app.1a2b3c4d5e.css").
  const std::string& url(std::string_view logical) const;
  // Serves "/assets/<hashed name>"; nullptr when unknown.
  bool serve(std::string_view hashed_name, bool accepts_gzip, http::Response& out) const;

 private:
  struct File {
    std::string hashed_name, content_type, body, gzipped;
  };
  std::map<std::string, std::string, std::less<>> url_by_logical_;
  std::map<std::string, File, std::less<>> by_hashed_;
};

}  // namespace kp::web
