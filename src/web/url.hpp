// The one helper that builds URLs, so every parameter is percent-encoded.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kp::web {

// Percent-encodes everything except RFC 3986 unreserved characters.
std::string url_encode(std::string_view s);
// path + "?a=1&b=2" with encoded values; pairs with an empty value are left out.
std::string url(std::string_view path, const std::vector<std::pair<std::string, std::string>>& params = {});
// True for a local path that is safe to redirect to after login ("/staff", not "//evil" or
// "https://…").
bool is_safe_local_path(std::string_view path);

}  // namespace kp::web
