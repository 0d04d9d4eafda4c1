#include "web/assets.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>
#include <sstream>

#include "core/crypto.hpp"
#include "http/gzip.hpp"

namespace kp::web {
namespace {

struct Source {
  const char* logical;
  const char* path;  // relative to the root
  const char* type;
};

// Designsystemet's components and the Digdir theme from npm, then our own additions.
constexpr Source kSources[] = {
    {"ds.css", "node_modules/@digdir/designsystemet-css/dist/src/index.css", "text/css; charset=utf-8"},
    {"theme.css", "node_modules/@digdir/designsystemet-theme/brand/digdir.css", "text/css; charset=utf-8"},
    {"app.css", "assets/css/", "text/css; charset=utf-8"},  // app.css, then each capability's file
    {"favicon.svg", "assets/favicon.svg", "image/svg+xml"},
};

}  // namespace

Status Assets::load(const std::string& root) {
  for (const auto& src : kSources) {
    File f;
    std::vector<std::string> paths;
    const std::string path = root + "/" + src.path;
    if (path.ends_with('/')) {
      // One stylesheet from many files: capabilities keep their rules next to each other
      // without one shared file to edit, and the browser still makes one request.
      paths.push_back(path + "app.css");
      std::error_code ec;
      std::vector<std::string> rest;
      for (const auto& e : std::filesystem::directory_iterator(path, ec))
        if (e.path().extension() == ".css" && e.path().filename() != "app.css") rest.push_back(e.path().string());
      std::sort(rest.begin(), rest.end());
      paths.insert(paths.end(), rest.begin(), rest.end());
    } else {
      paths.push_back(path);
    }
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      if (!in) return invalid("cannot read the asset " + p + " (run `make run` or `npm ci` first)", "assets_dir");
      std::stringstream ss;
      ss << in.rdbuf();
      f.body += ss.str();
      if (paths.size() > 1) f.body += '\n';
    }
    f.content_type = src.type;
    std::string logical = src.logical;
    const auto dot = logical.rfind('.');
    f.hashed_name = logical.substr(0, dot) + "." + crypto::sha256_hex(f.body).substr(0, 12) + logical.substr(dot);
    f.gzipped = http::gzip_compress(f.body, 9);
    url_by_logical_[logical] = "/assets/" + f.hashed_name;
    by_hashed_[f.hashed_name] = std::move(f);
  }
  return {};
}

const std::string& Assets::url(std::string_view logical) const {
  static const std::string none = "/assets/missing";
  auto it = url_by_logical_.find(logical);
  return it == url_by_logical_.end() ? none : it->second;
}

bool Assets::serve(std::string_view hashed_name, bool accepts_gzip, http::Response& out) const {
  auto it = by_hashed_.find(hashed_name);
  if (it == by_hashed_.end()) return false;
  const File& f = it->second;
  out.status = 200;
  out.content_type = f.content_type;
  out.gzip_ok = false;  // already compressed below when it helps
  out.header("Cache-Control", "public, max-age=31536000, immutable");
  out.header("Vary", "Accept-Encoding");
  if (accepts_gzip && f.gzipped.size() < f.body.size()) {
    out.body = f.gzipped;
    out.header("Content-Encoding", "gzip");
  } else {
    out.body = f.body;
  }
  return true;
}

}  // namespace kp::web
