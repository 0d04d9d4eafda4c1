#include "web/router.hpp"

#include <algorithm>

#include "core/ids.hpp"

namespace kp::web {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    out.emplace_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

// A pattern segment is literal text, or a parameter "{name[:type]}" optionally followed by a
// literal suffix ("{id:uuid}.ics").
bool segment_matches(const std::string& pat, std::string seg, http::Pairs& params) {
  const size_t close = pat.find('}');
  if (pat.empty() || pat.front() != '{' || close == std::string::npos) return pat == seg;
  const std::string suffix = pat.substr(close + 1);
  if (!suffix.empty()) {
    if (seg.size() <= suffix.size() || !seg.ends_with(suffix)) return false;
    seg.resize(seg.size() - suffix.size());
  }
  if (seg.empty()) return false;
  std::string inner = pat.substr(1, close - 1);
  std::string name = inner, type;
  if (auto colon = inner.find(':'); colon != std::string::npos) {
    name = inner.substr(0, colon);
    type = inner.substr(colon + 1);
  }
  if (type == "uuid" && !ids::is_uuid(seg)) return false;
  if (type == "int" && (seg.size() > 9 || !std::all_of(seg.begin(), seg.end(), [](char c) { return c >= '0' && c <= '9'; })))
    return false;
  params.emplace_back(std::move(name), seg);
  return true;
}

}  // namespace

void Router::add(http::Method method, std::string pattern, policy::Permission permission, Handler handler) {
  Route r{method, pattern, permission, std::move(handler), split_path(pattern)};
  routes_.push_back(std::move(r));
}

Match Router::match(http::Method method, const std::string& path) const {
  Match m;
  const std::vector<std::string> segs = split_path(path);
  const Route* head_fallback = nullptr;
  http::Pairs head_params;
  for (const Route& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    http::Pairs params;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) ok = segment_matches(r.segments[i], segs[i], params);
    if (!ok) continue;
    if (r.method == method) {
      m.route = &r;
      m.params = std::move(params);
      return m;
    }
    if (method == http::Method::HEAD && r.method == http::Method::GET && !head_fallback) {
      head_fallback = &r;
      head_params = params;
    }
    if (std::find(m.allowed.begin(), m.allowed.end(), r.method) == m.allowed.end()) m.allowed.push_back(r.method);
  }
  if (head_fallback) {
    m.route = head_fallback;
    m.params = std::move(head_params);
  }
  return m;
}

}  // namespace kp::web
