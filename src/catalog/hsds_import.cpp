// HSDS 3.0 import, first half: bytes → validated catalog records, with no database. Every
// problem is collected with the JSON path and the service it belongs to, so that one run
// tells the operator everything to fix.
//
// Rules worth knowing (also in the report to the lead):
//  - Ids: a UUID is kept (lower-cased; 32 hex digits get their dashes). Any other id is
//    mapped to uuid_from_name("knutepunkt/hsds-import/<kind>", id), so foreign data imports
//    and re-imports onto the same records. A string of only hex digits and dashes that is
//    almost UUID-long is rejected: it is a damaged UUID, and mapping it would silently make a
//    new record instead of updating the one meant.
//  - Texts are stored in ImportOptions::lang (default nb).
//  - One location and one price per offer: more than one service_at_location or cost option
//    is an error rather than a silent loss.
//  - Schedules need a first date (dtstart, else valid_from); times are local Europe/Oslo
//    wall-clock times without a UTC offset; byday without freq means WEEKLY; a schedule
//    without freq whose notes start with "RRULE:" carries a rule HSDS has no fields for.
//  - "temporarily closed" becomes unpublished (Knutepunkt has no such state).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "catalog/hsds.hpp"
#include "catalog/hsds_common.hpp"
#include "catalog/rrule.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "core/text.hpp"

namespace kp::catalog::hsds {
namespace {

using Json = nlohmann::json;
using namespace detail;

// Stands in for each malformed UTF-8 sequence so that the parser accepts the file and the
// checker can name the field that held the bad bytes. U+FDD0 is a noncharacter: it has no
// business in catalog text, so a genuine one is reported the same way.
constexpr std::string_view kBadUtf8 = "\xEF\xB7\x90";
constexpr int kMaxDepth = 64;
constexpr size_t kMaxErrors = 1000;
constexpr size_t kMaxIdLength = 200;

// ---- bytes -----------------------------------------------------------------------------------

size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  const size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
  if (len == 0 || b0 > 0xF4 || i + len > s.size()) return 0;
  char32_t cp = b0 & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  const char32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Empty when `in` is valid UTF-8 (use `in` as is); otherwise a copy with markers.
std::string mark_bad_utf8(std::string_view in) {
  size_t i = 0;
  while (i < in.size()) {
    const size_t n = utf8_sequence_length(in, i);
    if (n == 0) break;
    i += n;
  }
  if (i == in.size()) return {};
  std::string out(in.substr(0, i));
  while (i < in.size()) {
    const size_t n = utf8_sequence_length(in, i);
    if (n == 0) {
      out += kBadUtf8;
      ++i;
    } else {
      out.append(in.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::pair<size_t, size_t> line_column(std::string_view s, size_t byte) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < byte && i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

// Where nesting first goes deeper than kMaxDepth, or npos. The parser itself does not limit
// depth, and deep documents cost stack in code that walks them.
size_t too_deep_at(std::string_view s) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

std::string trimmed(std::string_view s) { return std::string(text::trim(s)); }

std::string quoted(const std::string& s, size_t max_chars = 60) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80 && ++chars > max_chars) {
      out += "…";
      break;
    }
    out += static_cast<char>(b < 0x20 ? ' ' : b);
  }
  return "\"" + out + "\"";
}

// ---- the checker -----------------------------------------------------------------------------

// Collects errors and warnings for the record being read.
struct Checker {
  std::vector<ImportError> errors;
  std::map<std::string, int> warnings;  // message → how many records
  std::string record;
  bool overflow = false;

  void error(const std::string& path, const std::string& message) {
    if (errors.size() >= kMaxErrors) {
      overflow = true;
      return;
    }
    errors.push_back(ImportError{path, record, message});
  }
  void warn(const std::string& message) { ++warnings[message]; }
};

const Json* member(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

// Checks every string and key below `v`: valid UTF-8, no control characters, not too long.
// `path` is a buffer extended and restored on the way down, since it is rarely needed.
void check_strings(Checker& ck, const Json& v, std::string& path) {
  const auto check = [&](const std::string& s) {
    if (s.find(kBadUtf8) != std::string::npos)
      ck.error(path, "is not valid UTF-8");
    else if (!text::is_clean_utf8(s))
      ck.error(path, "contains control characters");
    else if (s.size() > kMaxStringChars && text::length_utf8(s) > kMaxStringChars)
      ck.error(path, "is longer than 20,000 characters");
  };
  const size_t mark = path.size();
  if (v.is_string()) {
    check(v.get_ref<const std::string&>());
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (it.key().find(kBadUtf8) != std::string::npos || !text::is_clean_utf8(it.key())) {
        ck.error(path, "has a field name that is not clean UTF-8");
        continue;
      }
      path += '.';
      path += it.key();
      check_strings(ck, it.value(), path);
      path.resize(mark);
    }
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) {
      path += '[';
      path += std::to_string(i);
      path += ']';
      check_strings(ck, v[i], path);
      path.resize(mark);
    }
  }
}

std::optional<std::string> get_string(Checker& ck, const Json& obj, const char* key,
                                      const std::string& path) {
  const Json* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    ck.error(path + "." + key, "must be a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

// A string field, trimmed; "" when absent.
std::string get_text(Checker& ck, const Json& obj, const char* key, const std::string& path) {
  return trimmed(get_string(ck, obj, key, path).value_or(""));
}

const Json* get_array(Checker& ck, const Json& obj, const char* key, const std::string& path) {
  const Json* v = member(obj, key);
  if (!v) return nullptr;
  if (!v->is_array()) {
    ck.error(path + "." + key, "must be an array");
    return nullptr;
  }
  return v;
}

const Json* get_object(Checker& ck, const Json& obj, const char* key, const std::string& path) {
  const Json* v = member(obj, key);
  if (!v) return nullptr;
  if (!v->is_object()) {
    ck.error(path + "." + key, "must be an object");
    return nullptr;
  }
  return v;
}

std::optional<double> get_number(Checker& ck, const Json& obj, const char* key,
                                  const std::string& path) {
  const Json* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    ck.error(path + "." + key, "must be a number");
    return std::nullopt;
  }
  return v->get<double>();
}

// A whole number in [lo, hi]; 12.0 counts as 12.
std::optional<int> get_whole(Checker& ck, const Json& obj, const char* key, const std::string& path,
                             int lo, int hi) {
  const Json* v = member(obj, key);
  if (!v) return std::nullopt;
  const std::string msg =
      "must be a whole number " + std::to_string(lo) + "–" + std::to_string(hi);
  double d = 0;
  if (v->is_number()) d = v->get<double>();
  if (!v->is_number() || !std::isfinite(d) || d != std::floor(d) || d < lo || d > hi) {
    ck.error(path + "." + key, msg);
    return std::nullopt;
  }
  return static_cast<int>(d);
}

bool all_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The id in `obj[key]` as one of our UUIDs (see the rules at the top of the file).
std::optional<std::string> get_id(Checker& ck, const Json& obj, const char* key,
                                  const std::string& path, std::string_view kind, bool required) {
  const Json* v = member(obj, key);
  const std::string where = path + "." + key;
  if (!v) {
    if (required) ck.error(where, "is required");
    return std::nullopt;
  }
  std::string s;
  if (v->is_string()) s = trimmed(v->get<std::string>());
  else if (v->is_number_integer()) s = v->dump();
  else {
    ck.error(where, "must be a string (a UUID)");
    return std::nullopt;
  }
  if (s.empty()) {
    ck.error(where, "must not be empty");
    return std::nullopt;
  }
  if (s.size() > kMaxIdLength || s.find(kBadUtf8) != std::string::npos) {
    ck.error(where, "is not a usable id (longer than 200 characters or not UTF-8)");
    return std::nullopt;
  }
  if (ids::is_uuid(s)) return lower(s);
  if (s.size() == 32 && all_hex(s)) {
    s = lower(s);
    return s.substr(0, 8) + "-" + s.substr(8, 4) + "-" + s.substr(12, 4) + "-" + s.substr(16, 4) +
           "-" + s.substr(20);
  }
  const bool hex_and_dashes =
      std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || all_hex({&c, 1}); });
  if (hex_and_dashes && s.size() >= 30 && s.size() <= 40) {
    ck.error(where, "is a malformed UUID");
    return std::nullopt;
  }
  return ids::uuid_from_name(std::string("knutepunkt/hsds-import/") + std::string(kind), s);
}

// "YYYY-MM-DD", or the date part of a date-time.
std::optional<CivilDate> get_date(Checker& ck, const Json& obj, const char* key,
                                  const std::string& path) {
  auto s = get_string(ck, obj, key, path);
  if (!s) return std::nullopt;
  std::string_view v = text::trim(*s);
  if (v.size() > 10 && (v[10] == 'T' || v[10] == 't' || v[10] == ' ')) v = v.substr(0, 10);
  CivilDate d;
  if (!parse_iso_date(v, d)) {
    ck.error(path + "." + key, "must be a date YYYY-MM-DD");
    return std::nullopt;
  }
  return d;
}

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// RFC 3339 date-time; without an offset it is taken as UTC, as HSDS says.
std::optional<UnixSeconds> get_datetime(Checker& ck, const Json& obj, const char* key,
                                        const std::string& path) {
  auto s = get_string(ck, obj, key, path);
  if (!s) return std::nullopt;
  const std::string_view v = text::trim(*s);
  const auto bad = [&]() -> std::optional<UnixSeconds> {
    ck.error(path + "." + key, "must be a date-time like 2026-11-24T09:30:00Z");
    return std::nullopt;
  };
  CivilDate d;
  if (v.size() < 19 || !parse_iso_date(v.substr(0, 10), d)) return bad();
  if (v[10] != 'T' && v[10] != 't' && v[10] != ' ') return bad();
  int h = 0, m = 0, sec = 0;
  if (!digits(v, 11, 2, h) || v[13] != ':' || !digits(v, 14, 2, m) || v[16] != ':' ||
      !digits(v, 17, 2, sec) || h > 23 || m > 59 || sec > 60)
    return bad();
  size_t i = 19;
  if (i < v.size() && v[i] == '.') {
    ++i;
    const size_t start = i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    if (i == start) return bad();
  }
  int offset = 0;
  if (i < v.size()) {
    if (v[i] == 'Z' || v[i] == 'z') {
      ++i;
    } else if (v[i] == '+' || v[i] == '-') {
      int oh = 0, om = 0;
      if (!digits(v, i + 1, 2, oh) || i + 3 >= v.size() || v[i + 3] != ':' ||
          !digits(v, i + 4, 2, om) || oh > 23 || om > 59)
        return bad();
      offset = (oh * 60 + om) * 60 * (v[i] == '-' ? -1 : 1);
      i += 6;
    }
  }
  if (i != v.size()) return bad();
  return days_from_civil(d) * 86400 + h * 3600 + m * 60 + std::min(sec, 59) - offset;
}

// "HH:MM" or "HH:MM:00" → "HH:MM".
std::optional<std::string> get_time(Checker& ck, const Json& obj, const char* key,
                                    const std::string& path) {
  auto s = get_string(ck, obj, key, path);
  if (!s) return std::nullopt;
  std::string v = trimmed(*s);
  if (v.empty()) return std::nullopt;
  if (v.size() == 8 && v.substr(5) == ":00") v.resize(5);
  if (!is_hhmm(v)) {
    ck.error(path + "." + key,
             "must be a local time HH:MM (Europe/Oslo, without a UTC offset or seconds)");
    return std::nullopt;
  }
  return v;
}

std::string get_web_url(Checker& ck, const Json& obj, const char* key, const std::string& path) {
  const std::string v = get_text(ck, obj, key, path);
  if (v.empty()) return {};
  std::string url = web_url(v);
  if (url.empty()) ck.error(path + "." + key, "must be an http(s) address");
  return url;
}

std::string get_email(Checker& ck, const Json& obj, const char* key, const std::string& path) {
  const std::string v = get_text(ck, obj, key, path);
  if (!v.empty() && !plausible_email(v)) ck.error(path + "." + key, "must be an e-mail address");
  return v;
}

// The first phone number in obj[key], or "".
std::string first_phone(Checker& ck, const Json& obj, const char* key, const std::string& path) {
  const Json* arr = get_array(ck, obj, key, path);
  if (!arr) return {};
  std::string first;
  for (size_t k = 0; k < arr->size(); ++k) {
    const std::string p = path + "." + key + "[" + std::to_string(k) + "]";
    if (!(*arr)[k].is_object()) {
      ck.error(p, "must be an object");
      continue;
    }
    const std::string number = get_text(ck, (*arr)[k], "number", p);
    if (number.empty()) ck.error(p + ".number", "is required");
    if (first.empty()) first = number;
  }
  return first;
}

void warn_unknown(Checker& ck, const Json& obj, const char* kind,
                  std::initializer_list<const char*> known) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty()) ||
        ((it->is_array() || it->is_object()) && it->empty()))
      continue;
    if (std::find_if(known.begin(), known.end(), [&](const char* k) { return it.key() == k; }) ==
        known.end())
      ck.warn(std::string(kind) + "." + it.key() + ": not kept (Knutepunkt has no field for it)");
  }
}

// ---- the records -----------------------------------------------------------------------------

template <class T>
struct Seen {
  T value;
  std::string path;
};

struct Collect {
  explicit Collect(const ImportOptions& o) : opt(o) {}
  const ImportOptions& opt;
  Checker ck;
  ParsedImport out;
  std::map<std::string, Seen<Organization>> orgs;
  std::map<std::string, Seen<Location>> locations;
  std::map<std::string, Seen<Category>> categories;
  std::map<std::string, std::string> category_codes;  // code → id
  std::map<std::string, std::string> service_ids;     // id → path
  std::map<std::string, std::string> schedule_ids;    // id → service id
  std::set<std::string> ref_orgs, ref_locations, ref_categories;

  void set_text(Texts& t, const char* field, const std::string& value) {
    if (!value.empty()) t[field][opt.lang].value = value;
  }
  const std::string& text(const Texts& t, const char* field) {
    static const std::string empty;
    auto f = t.find(field);
    if (f == t.end()) return empty;
    auto l = f->second.find(opt.lang);
    return l == f->second.end() ? empty : l->second.value;
  }
};

bool same(Collect& c, const Organization& a, const Organization& b) {
  return a.name == b.name && a.type == b.type && a.email == b.email && a.phone == b.phone &&
         a.website == b.website && c.text(a.texts, "description") == c.text(b.texts, "description");
}
bool same(Collect& c, const Location& a, const Location& b) {
  return a.organization_id == b.organization_id && a.name == b.name && a.address == b.address &&
         a.postal_code == b.postal_code && a.city == b.city && a.latitude == b.latitude &&
         a.longitude == b.longitude && a.wheelchair_access == b.wheelchair_access &&
         c.text(a.texts, "accessibility") == c.text(b.texts, "accessibility") &&
         c.text(a.texts, "transportation") == c.text(b.texts, "transportation");
}
bool same(Collect& c, const Category& a, const Category& b) {
  return a.code == b.code && a.parent_id == b.parent_id &&
         c.text(a.texts, "name") == c.text(b.texts, "name");
}

// Keeps the first copy of a record embedded in several services; copies must agree.
template <class T>
void remember(Collect& c, std::map<std::string, Seen<T>>& seen, const T& value,
              const std::string& path, const char* what) {
  auto [it, inserted] = seen.try_emplace(value.id, Seen<T>{value, path});
  if (inserted) c.out.paths.emplace(value.id, path);
  if (!inserted && !same(c, it->second.value, value))
    c.ck.error(path, std::string("differs from the ") + what + " with the same id at " +
                         it->second.path);
}

// A vocabulary term named by an attribute, by its derived id or by taxonomy name and code.
const VocabTerm* vocabulary_term_of(Checker& ck, const Json& term, const std::string& term_id,
                                    const std::string& path, const Vocabulary** vocab) {
  if (const VocabTerm* t = find_vocabulary_term_by_id(term_id, vocab)) return t;
  const Json* taxonomy = member(term, "taxonomy");
  if (!taxonomy || !taxonomy->is_string()) return nullptr;
  const Vocabulary* v = find_vocabulary(taxonomy->get_ref<const std::string&>());
  if (!v) return nullptr;
  const std::string code = get_text(ck, term, "code", path);
  const VocabTerm* t = find_code(*v, code);
  if (!t) ck.error(path + ".code", "is not a code of the taxonomy " + std::string(v->taxonomy));
  *vocab = v;
  return t;
}

struct AttributeRef {
  const Json* term = nullptr;  // the embedded taxonomy_term, if any
  std::string term_id;
  std::string path;
};

// The attributes of obj with a taxonomy term; value-carrying ones are reported and skipped.
std::vector<AttributeRef> attributes_of(Checker& ck, const Json& obj, const std::string& path) {
  std::vector<AttributeRef> out;
  const Json* arr = get_array(ck, obj, "attributes", path);
  if (!arr) return out;
  for (size_t k = 0; k < arr->size(); ++k) {
    const Json& a = (*arr)[k];
    const std::string p = path + ".attributes[" + std::to_string(k) + "]";
    if (!a.is_object()) {
      ck.error(p, "must be an object");
      continue;
    }
    if (!get_text(ck, a, "value", p).empty()) {
      ck.warn("attributes with a value: not kept (Knutepunkt keeps classifications only)");
      continue;
    }
    AttributeRef ref;
    ref.path = p;
    ref.term = get_object(ck, a, "taxonomy_term", p);
    auto by_field = get_id(ck, a, "taxonomy_term_id", p, "taxonomy_term", false);
    std::optional<std::string> by_term;
    if (ref.term) by_term = get_id(ck, *ref.term, "id", p + ".taxonomy_term", "taxonomy_term", true);
    if (by_field && by_term && *by_field != *by_term) {
      ck.error(p + ".taxonomy_term_id", "does not match taxonomy_term.id");
      continue;
    }
    if (!by_field && !by_term) {
      if (!ref.term) ck.error(p + ".taxonomy_term_id", "is required (or an embedded taxonomy_term)");
      continue;
    }
    ref.term_id = by_term ? *by_term : *by_field;
    out.push_back(std::move(ref));
  }
  return out;
}

std::optional<Organization> read_organization(Collect& c, const Json& o, const std::string& path) {
  Checker& ck = c.ck;
  warn_unknown(ck, o, "organization",
               {"id", "name", "description", "email", "website", "phones", "attributes",
                "metadata"});
  Organization org;
  auto id = get_id(ck, o, "id", path, "organization", true);
  org.name = get_text(ck, o, "name", path);
  if (org.name.empty()) ck.error(path + ".name", "is required");
  c.set_text(org.texts, "description", get_text(ck, o, "description", path));
  org.email = get_email(ck, o, "email", path);
  org.website = get_web_url(ck, o, "website", path);
  org.phone = first_phone(ck, o, "phones", path);
  for (const AttributeRef& a : attributes_of(ck, o, path)) {
    const Vocabulary* v = nullptr;
    const VocabTerm* t = a.term ? vocabulary_term_of(ck, *a.term, a.term_id, a.path + ".taxonomy_term", &v)
                                : find_vocabulary_term_by_id(a.term_id, &v);
    if (t && v == &org_type_vocabulary()) org.type = org_type_from_string(t->code).value_or(OrgType::other);
    else if (!v) ck.warn("organization.attributes: classifications of organisations are not kept");
  }
  if (!id) return std::nullopt;
  org.id = *id;
  return org;
}

// std::nullopt for a virtual location (or a broken one, with errors recorded).
std::optional<Location> read_location(Collect& c, const Json& l, const std::string& path) {
  Checker& ck = c.ck;
  warn_unknown(ck, l, "location",
               {"id", "location_type", "organization_id", "name", "transportation", "latitude",
                "longitude", "addresses", "accessibility", "attributes", "metadata"});
  Location loc;
  auto id = get_id(ck, l, "id", path, "location", true);
  const std::string type = get_text(ck, l, "location_type", path);
  if (type.empty()) {
    ck.error(path + ".location_type", "is required");
  } else if (type == "virtual") {
    ck.warn("virtual locations: not kept (Knutepunkt keeps places people go to)");
    return std::nullopt;
  } else if (type != "physical" && type != "postal") {
    ck.error(path + ".location_type", "must be physical, postal or virtual");
  }
  loc.organization_id = get_id(ck, l, "organization_id", path, "organization", false);
  loc.name = get_text(ck, l, "name", path);
  c.set_text(loc.texts, "transportation", get_text(ck, l, "transportation", path));
  auto lat = get_number(ck, l, "latitude", path);
  auto lon = get_number(ck, l, "longitude", path);
  if (lat && (*lat < -90 || *lat > 90)) ck.error(path + ".latitude", "must be between -90 and 90");
  if (lon && (*lon < -180 || *lon > 180))
    ck.error(path + ".longitude", "must be between -180 and 180");
  if (lat.has_value() != lon.has_value())
    ck.error(path + (lat ? ".longitude" : ".latitude"), "is required when the other coordinate is given");
  loc.latitude = lat;
  loc.longitude = lon;

  if (const Json* addrs = get_array(ck, l, "addresses", path)) {
    // The first physical address, else the first one: we keep one street address.
    const Json* chosen = nullptr;
    std::string chosen_path;
    bool chosen_physical = false;
    for (size_t k = 0; k < addrs->size(); ++k) {
      const Json& a = (*addrs)[k];
      const std::string p = path + ".addresses[" + std::to_string(k) + "]";
      if (!a.is_object()) {
        ck.error(p, "must be an object");
        continue;
      }
      const bool physical = get_text(ck, a, "address_type", p) == "physical";
      if (!chosen || (physical && !chosen_physical)) {
        chosen = &a;
        chosen_path = p;
        chosen_physical = physical;
      }
    }
    if (addrs->size() > 1) ck.warn("location.addresses: only one address per location is kept");
    if (chosen) {
      loc.address = get_text(ck, *chosen, "address_1", chosen_path);
      const std::string second = get_text(ck, *chosen, "address_2", chosen_path);
      if (!second.empty()) loc.address += (loc.address.empty() ? "" : ", ") + second;
      loc.postal_code = get_text(ck, *chosen, "postal_code", chosen_path);
      loc.city = get_text(ck, *chosen, "city", chosen_path);
    }
  }
  if (loc.name.empty()) loc.name = loc.address;
  if (loc.name.empty()) ck.error(path + ".name", "is required (or an address)");

  if (const Json* acc = get_array(ck, l, "accessibility", path)) {
    std::string text;
    for (size_t k = 0; k < acc->size(); ++k) {
      const std::string p = path + ".accessibility[" + std::to_string(k) + "]";
      if (!(*acc)[k].is_object()) {
        ck.error(p, "must be an object");
        continue;
      }
      for (const char* f : {"description", "details"}) {
        const std::string part = get_text(ck, (*acc)[k], f, p);
        if (!part.empty()) text += (text.empty() ? "" : "\n") + part;
      }
    }
    c.set_text(loc.texts, "accessibility", text);
  }
  for (const AttributeRef& a : attributes_of(ck, l, path)) {
    const Vocabulary* v = nullptr;
    const VocabTerm* t = a.term ? vocabulary_term_of(ck, *a.term, a.term_id, a.path + ".taxonomy_term", &v)
                                : find_vocabulary_term_by_id(a.term_id, &v);
    if (t && v == &accessibility_vocabulary() && std::string_view(t->code) == kWheelchairCode)
      loc.wheelchair_access = true;
    else if (!v) ck.warn("location.attributes: classifications of locations are not kept");
  }
  if (!id) return std::nullopt;
  loc.id = *id;
  return loc;
}

std::optional<Schedule> read_schedule(Collect& c, const Json& s, const std::string& path) {
  Checker& ck = c.ck;
  const size_t errors_before = ck.errors.size();
  Schedule out;
  auto id = get_id(ck, s, "id", path, "schedule", true);
  auto dtstart = get_date(ck, s, "dtstart", path);
  auto valid_from = get_date(ck, s, "valid_from", path);
  auto valid_to = get_date(ck, s, "valid_to", path);
  auto until = get_date(ck, s, "until", path);
  auto opens = get_time(ck, s, "opens_at", path);
  auto closes = get_time(ck, s, "closes_at", path);
  const std::string notes = get_text(ck, s, "notes", path);

  Recurrence r;
  r.freq = get_text(ck, s, "freq", path);
  for (char& ch : r.freq) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (!r.freq.empty() && r.freq != "WEEKLY" && r.freq != "MONTHLY")
    ck.error(path + ".freq", "must be WEEKLY or MONTHLY");
  r.interval = get_whole(ck, s, "interval", path, 1, 99).value_or(1);
  r.count = get_whole(ck, s, "count", path, 1, 1000);
  const auto upper_list = [&](const char* key) {
    std::string v = get_text(ck, s, key, path);
    std::string out;
    for (char ch : v)
      if (ch != ' ') out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
  };
  r.byday = upper_list("byday");
  r.bymonthday = upper_list("bymonthday");
  r.byweekno = upper_list("byweekno");
  r.byyearday = upper_list("byyearday");
  r.wkst = upper_list("wkst");

  const bool has_parts = member(s, "interval") || r.count || !r.bymonthday.empty() ||
                         !r.byweekno.empty() || !r.byyearday.empty() || !r.wkst.empty();
  bool recurring = !r.freq.empty();
  if (!recurring && !r.byday.empty()) {
    r.freq = "WEEKLY";  // "open MO,WE" means every week
    recurring = true;
  }
  if (!recurring && has_parts) ck.error(path + ".freq", "is required when interval, count or by… fields are given");
  if (!recurring && notes.starts_with("RRULE:")) {
    auto parsed = parse_rrule(notes);
    if (!parsed) {
      ck.error(path + ".notes", "holds a malformed RRULE");
    } else {
      r = *parsed;
      recurring = true;
      if (r.until && !until) until = r.until;
    }
  }

  const std::optional<CivilDate> start = dtstart ? dtstart : valid_from;
  if (!start && !member(s, "dtstart") && !member(s, "valid_from"))
    ck.error(path + ".dtstart", "is required (Knutepunkt needs the first date)");
  // The last date: until for a rule, else valid_to; ends_on holds it, not the RRULE.
  const std::optional<CivilDate> end = recurring && until ? until : valid_to;
  if (recurring) {
    Recurrence checked = r;
    checked.until = until;
    if (std::string problem = check_recurrence(checked); !problem.empty()) ck.error(path, problem);
  }
  if (start && end && *end < *start)
    ck.error(path + (recurring && until ? ".until" : ".valid_to"), "must not be before dtstart");
  if (ck.errors.size() != errors_before || !id || !start) return std::nullopt;

  out.id = *id;
  out.starts_on = *start;
  if (end && (recurring || *end != *start)) out.ends_on = end;
  if (recurring) {
    r.until.reset();
    out.rrule = format_rrule(r, false);
    // Only rules the catalog itself can evaluate (catalog/rrule.hpp); others would never
    // show up in day filters or the calendar.
    if (auto ok = kp::catalog::parse_rrule(out.rrule); !ok) {
      ck.error(path, ok.error().message);
      return std::nullopt;
    }
  }
  out.opens_at = opens.value_or("");
  out.closes_at = closes.value_or("");
  return normalized(out);
}

void read_costs(Collect& c, const Json& svc, const std::string& path, Offer& o) {
  Checker& ck = c.ck;
  o.free = false;  // no cost option: the price is unknown
  o.fee_ore.reset();
  const Json* arr = get_array(ck, svc, "cost_options", path);
  if (!arr || arr->empty()) return;
  if (arr->size() > 1) {
    ck.error(path + ".cost_options", "Knutepunkt keeps one price per offer; found " +
                                         std::to_string(arr->size()) + " cost options");
    return;
  }
  const Json& co = (*arr)[0];
  const std::string p = path + ".cost_options[0]";
  if (!co.is_object()) {
    ck.error(p, "must be an object");
    return;
  }
  const std::string currency = get_text(ck, co, "currency", p);
  if (!currency.empty() && lower(currency) != "nok") ck.error(p + ".currency", "must be NOK");
  auto amount = get_number(ck, co, "amount", p);
  if (!amount) {
    const std::string option = lower(get_text(ck, co, "option", p));
    if (option == "free" || option == "gratis") o.free = true;
    else ck.warn("cost_options without an amount: price not kept (use fees_description)");
    return;
  }
  const double ore = *amount * 100.0;
  if (!std::isfinite(ore) || *amount < 0 || *amount > 1'000'000) {
    ck.error(p + ".amount", "must be an amount in NOK 0–1,000,000");
  } else if (std::fabs(ore - std::round(ore)) > 1e-6) {
    ck.error(p + ".amount", "must have at most two decimals (øre)");
  } else if (std::llround(ore) == 0) {
    o.free = true;
  } else {
    o.fee_ore = std::llround(ore);
  }
}

std::string record_label(const Json& s, size_t i) {
  std::string label = "services[" + std::to_string(i) + "]";
  std::vector<std::string> parts;
  if (const Json* id = member(s, "id"); id && (id->is_string() || id->is_number()))
    parts.push_back("id " + quoted(id->is_string() ? id->get<std::string>() : id->dump()));
  if (const Json* name = member(s, "name"); name && name->is_string())
    parts.push_back("name " + quoted(name->get<std::string>()));
  if (!parts.empty()) {
    label += " (";
    for (size_t k = 0; k < parts.size(); ++k) label += (k ? ", " : "") + parts[k];
    label += ")";
  }
  return label;
}

void read_service(Collect& c, const Json& s, size_t i) {
  Checker& ck = c.ck;
  const std::string path = "services[" + std::to_string(i) + "]";
  if (!s.is_object()) {
    ck.record = path;
    ck.error(path, "must be an object (a service document)");
    return;
  }
  ck.record = record_label(s, i);
  const size_t errors_before = ck.errors.size();
  std::string walk = path;
  check_strings(ck, s, walk);
  warn_unknown(ck, s, "service",
               {"id", "organization_id", "name", "description", "url", "email", "status",
                "interpretation_services", "application_process", "fees_description",
                "eligibility_description", "minimum_age", "maximum_age", "assured_date",
                "last_modified", "phones", "schedules", "service_at_locations", "languages",
                "organization", "cost_options", "contacts", "attributes", "metadata"});

  ParsedService ps;
  ps.path = path;
  ps.record = ck.record;
  Offer& o = ps.offer;
  auto id = get_id(ck, s, "id", path, "service", true);
  if (id) {
    auto [it, inserted] = c.service_ids.try_emplace(*id, path);
    if (!inserted) ck.error(path + ".id", "is the same service as " + it->second);
    o.id = *id;
  }
  const std::string name = get_text(ck, s, "name", path);
  if (name.empty()) ck.error(path + ".name", "is required");
  c.set_text(o.texts, "name", name);
  c.set_text(o.texts, "description", get_text(ck, s, "description", path));
  c.set_text(o.texts, "application_process", get_text(ck, s, "application_process", path));
  c.set_text(o.texts, "fees_description", get_text(ck, s, "fees_description", path));
  c.set_text(o.texts, "eligibility", get_text(ck, s, "eligibility_description", path));

  if (auto st = get_string(ck, s, "status", path); !st) {
    if (!member(s, "status")) ck.error(path + ".status", "is required");
  } else if (*st == "active") {
    o.state = OfferState::published;
  } else if (*st == "inactive" || *st == "temporarily closed") {
    o.state = OfferState::unpublished;
  } else if (*st == "defunct") {
    o.state = OfferState::archived;
  } else {
    ck.error(path + ".status", "must be active, inactive, defunct or temporarily closed");
  }

  o.url = get_web_url(ck, s, "url", path);
  o.email = get_email(ck, s, "email", path);
  o.min_age = get_whole(ck, s, "minimum_age", path, 0, 120);
  o.max_age = get_whole(ck, s, "maximum_age", path, 0, 120);
  if (o.min_age && o.max_age && *o.min_age > *o.max_age)
    ck.error(path + ".minimum_age", "must not be greater than maximum_age");
  o.interpretation = !get_text(ck, s, "interpretation_services", path).empty();
  ps.assured_date = get_date(ck, s, "assured_date", path);
  ps.last_modified = get_datetime(ck, s, "last_modified", path);
  o.phone = first_phone(ck, s, "phones", path);

  if (const Json* contacts = get_array(ck, s, "contacts", path)) {
    for (size_t k = 0; k < contacts->size(); ++k) {
      const Json& ct = (*contacts)[k];
      const std::string p = path + ".contacts[" + std::to_string(k) + "]";
      if (!ct.is_object()) {
        ck.error(p, "must be an object");
        continue;
      }
      const std::string cname = get_text(ck, ct, "name", p);
      const std::string cmail = get_email(ck, ct, "email", p);
      const std::string cphone = first_phone(ck, ct, "phones", p);
      if (k > 0) continue;  // one contact per offer
      o.contact_name = cname;
      if (o.email.empty()) o.email = cmail;
      if (o.phone.empty()) o.phone = cphone;
    }
    if (contacts->size() > 1) ck.warn("service.contacts: only the first contact is kept");
  }

  if (const Json* langs = get_array(ck, s, "languages", path)) {
    for (size_t k = 0; k < langs->size(); ++k) {
      const std::string p = path + ".languages[" + std::to_string(k) + "]";
      if (!(*langs)[k].is_object()) {
        ck.error(p, "must be an object");
        continue;
      }
      const std::string code = lower(get_text(ck, (*langs)[k], "code", p));
      const bool ok = code.size() >= 2 && code.size() <= 35 &&
                      std::all_of(code.begin(), code.end(), [](char ch) {
                        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
                      }) &&
                      code.find('-') != 0 && code.find('-') >= 2;
      if (!ok) ck.error(p + ".code", "must be a language code like nb, en or ur");
      else if (std::find(o.languages.begin(), o.languages.end(), code) == o.languages.end())
        o.languages.push_back(code);
    }
  }

  read_costs(c, s, path, o);

  for (const AttributeRef& a : attributes_of(ck, s, path)) {
    const Vocabulary* v = nullptr;
    const VocabTerm* t = a.term ? vocabulary_term_of(ck, *a.term, a.term_id, a.path + ".taxonomy_term", &v)
                                : find_vocabulary_term_by_id(a.term_id, &v);
    if (v) {
      if (t && v == &target_group_vocabulary()) {
        if (std::find(o.target_groups.begin(), o.target_groups.end(), t->code) == o.target_groups.end())
          o.target_groups.push_back(t->code);
      } else if (t) {
        ck.warn(std::string("service.attributes: terms of ") + v->taxonomy + " on a service are not kept");
      }
      continue;
    }
    if (std::find(o.category_ids.begin(), o.category_ids.end(), a.term_id) == o.category_ids.end())
      o.category_ids.push_back(a.term_id);
    if (!a.term) {
      c.ref_categories.insert(a.term_id);
      continue;
    }
    const std::string tp = a.path + ".taxonomy_term";
    Category cat;
    cat.id = a.term_id;
    if (const Json* code = member(*a.term, "code"); code && code->is_number_integer())
      cat.code = code->dump();
    else
      cat.code = get_text(ck, *a.term, "code", tp);
    // Without a code the id is the stable key we have.
    if (cat.code.empty()) cat.code = cat.id;
    if (cat.code.size() > 200) ck.error(tp + ".code", "is longer than 200 characters");
    const std::string term_name = get_text(ck, *a.term, "name", tp);
    if (term_name.empty()) ck.error(tp + ".name", "is required");
    c.set_text(cat.texts, "name", term_name);
    cat.parent_id = get_id(ck, *a.term, "parent_id", tp, "taxonomy_term", false);
    if (cat.parent_id == cat.id) ck.error(tp + ".parent_id", "must not be the term itself");
    auto [it, inserted] = c.category_codes.try_emplace(cat.code, cat.id);
    if (!inserted && it->second != cat.id)
      ck.error(tp + ".code", "is used by two different taxonomy terms");
    remember(c, c.categories, cat, tp, "taxonomy term");
  }
  // Target groups in their fixed order, so that order in the file does not count as a change.
  std::vector<std::string> groups;
  for (const VocabTerm& t : target_group_vocabulary().terms)
    if (std::find(o.target_groups.begin(), o.target_groups.end(), t.code) != o.target_groups.end())
      groups.push_back(t.code);
  o.target_groups = std::move(groups);

  // Schedules may sit on the service or on its service_at_location; both belong to the offer.
  std::vector<std::pair<const Json*, std::string>> schedules;
  if (const Json* arr = get_array(ck, s, "schedules", path))
    for (size_t k = 0; k < arr->size(); ++k)
      schedules.emplace_back(&(*arr)[k], path + ".schedules[" + std::to_string(k) + "]");

  if (const Json* sals = get_array(ck, s, "service_at_locations", path)) {
    std::vector<std::string> places;
    for (size_t k = 0; k < sals->size(); ++k) {
      const Json& sal = (*sals)[k];
      const std::string p = path + ".service_at_locations[" + std::to_string(k) + "]";
      if (!sal.is_object()) {
        ck.error(p, "must be an object");
        continue;
      }
      if (const Json* arr = get_array(ck, sal, "schedules", p))
        for (size_t m = 0; m < arr->size(); ++m)
          schedules.emplace_back(&(*arr)[m], p + ".schedules[" + std::to_string(m) + "]");
      auto location_id = get_id(ck, sal, "location_id", p, "location", false);
      if (const Json* lj = get_object(ck, sal, "location", p)) {
        auto loc = read_location(c, *lj, p + ".location");
        if (!loc) continue;
        if (location_id && *location_id != loc->id)
          ck.error(p + ".location_id", "does not match location.id");
        remember(c, c.locations, *loc, p + ".location", "location");
        places.push_back(loc->id);
      } else if (location_id) {
        c.ref_locations.insert(*location_id);
        places.push_back(*location_id);
      }
    }
    if (places.size() > 1)
      ck.error(path + ".service_at_locations",
               "Knutepunkt offers have one location; found " + std::to_string(places.size()));
    else if (places.size() == 1)
      o.location_id = places[0];
  }

  for (const auto& [sj, sp] : schedules) {
    if (!sj->is_object()) {
      ck.error(sp, "must be an object");
      continue;
    }
    auto sched = read_schedule(c, *sj, sp);
    if (!sched) continue;
    const auto dup = std::find_if(o.schedules.begin(), o.schedules.end(),
                                  [&](const Schedule& x) { return x.id == sched->id; });
    if (dup != o.schedules.end()) {
      const bool equal = dup->starts_on == sched->starts_on && dup->ends_on == sched->ends_on &&
                         dup->rrule == sched->rrule && dup->opens_at == sched->opens_at &&
                         dup->closes_at == sched->closes_at;
      if (!equal) ck.error(sp + ".id", "is used by two different schedules");
      continue;
    }
    auto [it, inserted] = c.schedule_ids.try_emplace(sched->id, o.id);
    if (!inserted && it->second != o.id)
      ck.error(sp + ".id", "is also a schedule of another service in the file");
    o.schedules.push_back(std::move(*sched));
  }

  auto org_id = get_id(ck, s, "organization_id", path, "organization", false);
  if (const Json* oj = get_object(ck, s, "organization", path)) {
    if (auto org = read_organization(c, *oj, path + ".organization")) {
      if (org_id && *org_id != org->id)
        ck.error(path + ".organization_id", "does not match organization.id");
      remember(c, c.orgs, *org, path + ".organization", "organization");
      o.organization_id = org->id;
    }
  } else if (org_id) {
    c.ref_orgs.insert(*org_id);
    o.organization_id = *org_id;
  } else if (!member(s, "organization")) {
    ck.error(path + ".organization", "is required (an offer belongs to an organization)");
  }

  if (ck.errors.size() == errors_before) c.out.services.push_back(std::move(ps));
}

// Parents before children, so each upsert finds its parent; a cycle is an error. Walks up
// each term's parent chain iteratively: a file controls how long the chains are.
void order_categories(Collect& c) {
  std::set<std::string> done;
  std::vector<Category> ordered;
  for (const auto& [first, unused] : c.categories) {
    std::vector<std::string> chain;
    std::set<std::string> on_chain;
    std::string id = first;
    bool cycle = false;
    for (;;) {
      auto it = c.categories.find(id);
      if (it == c.categories.end() || done.count(id)) break;
      if (!on_chain.insert(id).second) {
        cycle = true;
        c.ck.record.clear();
        c.ck.error(it->second.path + ".parent_id", "makes the taxonomy terms a cycle");
        break;
      }
      chain.push_back(id);
      if (!it->second.value.parent_id) break;
      id = *it->second.value.parent_id;
    }
    for (auto k = chain.rbegin(); k != chain.rend(); ++k) {
      done.insert(*k);
      if (!cycle) ordered.push_back(c.categories.at(*k).value);
    }
  }
  c.out.categories = std::move(ordered);
}

Result<ParsedImport> fail_with(std::vector<ImportError> errs, bool overflow,
                               std::vector<ImportError>* errors) {
  Error e = import_error(errs, overflow);
  if (errors) *errors = std::move(errs);
  return kp::unexpected<Error>(std::move(e));
}

Result<ParsedImport> file_error(const std::string& message, std::vector<ImportError>* errors) {
  return fail_with({ImportError{"(file)", "", message}}, false, errors);
}

}  // namespace

std::string ImportError::to_string() const {
  std::string s = path + ": " + message;
  if (!record.empty() && record != path) s += " — " + record;
  return s;
}

Result<ParsedImport> parse_and_validate(std::string_view json, const ImportOptions& options,
                                        std::vector<ImportError>* errors) {
  if (errors) errors->clear();
  if (json.size() > kMaxImportBytes) return file_error("is larger than 50 MB", errors);
  const std::string lang = lower(options.lang);
  if (lang.size() < 2 || lang.size() > 3 ||
      !std::all_of(lang.begin(), lang.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }))
    return file_error("language \"" + options.lang + "\" is not a language code", errors);

  const std::string marked = mark_bad_utf8(json);
  const std::string_view text = marked.empty() ? json : std::string_view(marked);
  if (size_t at = too_deep_at(text); at != std::string_view::npos) {
    auto [line, col] = line_column(text, at);
    return file_error("is nested deeper than 64 levels (line " + std::to_string(line) +
                          ", column " + std::to_string(col) + ")",
                      errors);
  }
  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    auto [line, col] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string why = e.what();
    if (auto pos = why.find("syntax error"); pos != std::string::npos) why = why.substr(pos);
    return file_error("is not valid JSON (line " + std::to_string(line) + ", column " +
                          std::to_string(col) + "): " + why,
                      errors);
  } catch (const Json::exception& e) {
    return file_error(std::string("is not valid JSON: ") + e.what(), errors);
  }

  const Json* list = &root;
  if (root.is_object()) {
    list = member(root, "contents");
    if (!list) return file_error("is an object without \"contents\" (expected an array of services or a page)", errors);
  }
  if (!list->is_array())
    return file_error("must be an array of services or a page whose contents is one", errors);
  if (list->size() > kMaxImportServices)
    return file_error("has more than 100,000 services", errors);

  ImportOptions opt = options;
  opt.lang = lang;
  Collect c(opt);
  for (size_t i = 0; i < list->size() && !c.ck.overflow; ++i) read_service(c, (*list)[i], i);
  order_categories(c);
  if (!c.ck.errors.empty()) return fail_with(std::move(c.ck.errors), c.ck.overflow, errors);

  for (auto& [id, seen] : c.orgs) c.out.organizations.push_back(seen.value);
  for (auto& [id, seen] : c.locations) c.out.locations.push_back(seen.value);
  for (const std::string& id : c.ref_orgs)
    if (!c.orgs.count(id)) c.out.referenced_organizations.push_back(id);
  for (const std::string& id : c.ref_locations)
    if (!c.locations.count(id)) c.out.referenced_locations.push_back(id);
  for (const std::string& id : c.ref_categories)
    if (!c.categories.count(id)) c.out.referenced_categories.push_back(id);
  for (const auto& [message, n] : c.ck.warnings)
    c.out.warnings.push_back(message + (n > 1 ? " (" + std::to_string(n) + "×)" : ""));
  c.out.source_digest = crypto::sha256_hex(json);
  return std::move(c.out);
}

}  // namespace kp::catalog::hsds
