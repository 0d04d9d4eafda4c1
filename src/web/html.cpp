#include "web/html.hpp"

namespace kp::web {

void escape_into(std::string& out, std::string_view s) {
  // Runs of ordinary characters are copied in one piece: pages escape every text they show.
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    std::string_view rep;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&#39;"; break;
      default: continue;
    }
    out.append(s.data() + start, i - start);
    out.append(rep);
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

std::string escape(std::string_view s) {
  std::string out;
  escape_into(out, s);
  return out;
}

}  // namespace kp::web
