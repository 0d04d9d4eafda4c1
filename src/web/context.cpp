#include "web/context.hpp"

namespace kp::web {

std::string Context::field(std::string_view name) const {
  return std::string(http::find(form, name).value_or(""));
}

std::string Context::query(std::string_view name) const {
  return std::string(req.query_param(name).value_or(""));
}

}  // namespace kp::web
