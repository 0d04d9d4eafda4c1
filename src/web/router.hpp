// The router: method + path pattern → handler, each route with the Permission it needs.
// A route cannot be registered without a permission, and tests walk routes() to prove every
// route goes through the policy module.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "http/request.hpp"
#include "policy/policy.hpp"
#include "web/context.hpp"

namespace kp::web {

using Handler = std::function<http::Response(Context&)>;

struct Route {
  http::Method method;
  std::string pattern;  // "/offers/{id:uuid}", "/assets/{file}", "/staff/offers/{id:uuid}/translate/{lang}"
  policy::Permission permission;
  Handler handler;
  std::vector<std::string> segments;  // parsed pattern
};

struct Match {
  const Route* route = nullptr;
  http::Pairs params;
  std::vector<http::Method> allowed;  // when the path matched but the method did not
};

class Router {
 public:
  // Registers a route. Parameter types: {name} any one segment, {name:uuid}, {name:int}; a
  // parameter may be followed by a literal suffix in its segment ("{id:uuid}.ics").
  // Not thread-safe; register everything before serving.
  void add(http::Method method, std::string pattern, policy::Permission permission, Handler handler);
  // Finds the route for a request. HEAD falls back to GET. Thread-safe.
  Match match(http::Method method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace kp::web
