#include "core/ids.hpp"

#include "core/crypto.hpp"

namespace kp::ids {
namespace {
std::string format_uuid(std::string bytes, int version) {
  bytes[6] = static_cast<char>((bytes[6] & 0x0F) | (version << 4));
  bytes[8] = static_cast<char>((bytes[8] & 0x3F) | 0x80);
  const std::string h = crypto::hex(std::string_view(bytes).substr(0, 16));
  return h.substr(0, 8) + '-' + h.substr(8, 4) + '-' + h.substr(12, 4) + '-' + h.substr(16, 4) +
         '-' + h.substr(20, 12);
}
}  // namespace

std::string new_uuid() { return format_uuid(crypto::random_bytes(16), 4); }

std::string uuid_from_name(std::string_view ns, std::string_view name) {
  std::string msg(ns);
  msg += '\0';
  msg += name;
  return format_uuid(crypto::sha256(msg), 5);
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace kp::ids
