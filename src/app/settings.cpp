#include "app/settings.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>

#include "core/text.hpp"
#include "i18n/i18n.hpp"

namespace kp::app {
namespace {

using Setter = std::function<Status(Settings&, const std::string&)>;

Status set_int(int& target, const std::string& v, int lo, int hi, const char* name) {
  int n = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), n);
  if (r.ec != std::errc() || r.ptr != v.data() + v.size() || n < lo || n > hi)
    return invalid(std::string("must be a whole number from ") + std::to_string(lo) + " to " + std::to_string(hi), name);
  target = n;
  return {};
}

Status set_bool(bool& target, const std::string& v, const char* name) {
  if (v == "1" || v == "true" || v == "yes" || v == "on") target = true;
  else if (v == "0" || v == "false" || v == "no" || v == "off") target = false;
  else return invalid("must be true or false", name);
  return {};
}

std::vector<std::string> split_list(const std::string& v) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= v.size()) {
    size_t comma = v.find(',', pos);
    if (comma == std::string::npos) comma = v.size();
    auto item = text::trim(std::string_view(v).substr(pos, comma - pos));
    if (!item.empty()) out.emplace_back(item);
    pos = comma + 1;
  }
  return out;
}

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> s = {
      {"db", [](Settings& st, const std::string& v) -> Status {
         if (!v.starts_with("sqlite:") && !v.starts_with("postgresql://") && !v.starts_with("postgres://"))
           return invalid("must be sqlite:PATH or a postgresql:// URL", "db");
         st.db = v;
         return {};
       }},
      {"listen", [](Settings& st, const std::string& v) -> Status {
         auto colon = v.rfind(':');
         if (colon == std::string::npos || colon == 0) return invalid("must be HOST:PORT, e.g. 127.0.0.1:8080", "listen");
         int port = 0;
         KP_TRY(set_int(port, v.substr(colon + 1), 0, 65535, "listen"));
         st.listen = v;
         st.listen_host = v.substr(0, colon);
         if (st.listen_host.size() > 2 && st.listen_host.front() == '[') st.listen_host = st.listen_host.substr(1, st.listen_host.size() - 2);
         st.listen_port = port;
         return {};
       }},
      {"base_url", [](Settings& st, const std::string& v) -> Status {
         if (!v.starts_with("http://") && !v.starts_with("https://")) return invalid("must start with http:// or https://", "base_url");
         st.base_url = v;
         while (!st.base_url.empty() && st.base_url.back() == '/') st.base_url.pop_back();
         return {};
       }},
      {"languages", [](Settings& st, const std::string& v) -> Status {
         auto list = split_list(v);
         if (list.empty()) return invalid("must list at least one language", "languages");
         for (const auto& l : list)
           if (!i18n::find_language(l)) return invalid("has an unknown language code: " + l, "languages");
         st.languages = list;
         return {};
       }},
      {"public_municipalities", [](Settings& st, const std::string& v) -> Status {
         auto list = split_list(v);
         for (const auto& m : list)
           if (m.size() != 4 || m.find_first_not_of("0123456789") != std::string::npos)
             return invalid("must be four-digit municipality numbers separated by commas", "public_municipalities");
         st.public_municipalities = list;
         return {};
       }},
      {"plain_http", [](Settings& st, const std::string& v) { return set_bool(st.plain_http, v, "plain_http"); }},
      {"trust_forwarded_for", [](Settings& st, const std::string& v) { return set_bool(st.trust_forwarded_for, v, "trust_forwarded_for"); }},
      {"access_log", [](Settings& st, const std::string& v) { return set_bool(st.access_log, v, "access_log"); }},
      {"session_idle_minutes", [](Settings& st, const std::string& v) { return set_int(st.session_idle_minutes, v, 1, 24 * 60, "session_idle_minutes"); }},
      {"session_absolute_hours", [](Settings& st, const std::string& v) { return set_int(st.session_absolute_hours, v, 1, 24 * 14, "session_absolute_hours"); }},
      {"confirm_interval_days", [](Settings& st, const std::string& v) { return set_int(st.confirm_interval_days, v, 7, 3650, "confirm_interval_days"); }},
      {"db_readers", [](Settings& st, const std::string& v) { return set_int(st.db_readers, v, 1, 64, "db_readers"); }},
      {"page_cache_entries", [](Settings& st, const std::string& v) { return set_int(st.page_cache_entries, v, 0, 1000000, "page_cache_entries"); }},
      {"max_upload_mb", [](Settings& st, const std::string& v) { return set_int(st.max_upload_mb, v, 1, 200, "max_upload_mb"); }},
      {"worker_threads", [](Settings& st, const std::string& v) { return set_int(st.worker_threads, v, 0, 256, "worker_threads"); }},
      {"secret_file", [](Settings& st, const std::string& v) -> Status { st.secret_file = v; return {}; }},
      {"locale_dir", [](Settings& st, const std::string& v) -> Status { st.locale_dir = v; return {}; }},
      {"assets_dir", [](Settings& st, const std::string& v) -> Status { st.assets_dir = v; return {}; }},
      {"metrics_allow", [](Settings& st, const std::string& v) -> Status { st.metrics_allow = v; return {}; }},
      {"audit_reads", [](Settings& st, const std::string& v) { return set_bool(st.audit_reads, v, "audit_reads"); }},
      {"allow_synthetic_ids", [](Settings& st, const std::string& v) { return set_bool(st.allow_synthetic_ids, v, "allow_synthetic_ids"); }},
      {"youth_consent_age", [](Settings& st, const std::string& v) { return set_int(st.youth_consent_age, v, 12, 18, "youth_consent_age"); }},
      {"consent_warning_days", [](Settings& st, const std::string& v) { return set_int(st.consent_warning_days, v, 1, 365, "consent_warning_days"); }},
      {"referral_warning_days", [](Settings& st, const std::string& v) { return set_int(st.referral_warning_days, v, 1, 365, "referral_warning_days"); }},
      {"no_contact_weeks", [](Settings& st, const std::string& v) { return set_int(st.no_contact_weeks, v, 1, 52, "no_contact_weeks"); }},
      {"caseload_cache_size", [](Settings& st, const std::string& v) { return set_int(st.caseload_cache_size, v, 0, 1000000, "caseload_cache_size"); }},
      {"emergency_access_hours", [](Settings& st, const std::string& v) { return set_int(st.emergency_access_hours, v, 1, 72, "emergency_access_hours"); }},
      {"retention_days", [](Settings& st, const std::string& v) { return set_int(st.retention_days, v, 30, 36500, "retention_days"); }},
      {"child_age_limit", [](Settings& st, const std::string& v) { return set_int(st.child_age_limit, v, 16, 25, "child_age_limit"); }},
      {"low_income_medians", [](Settings& st, const std::string& v) -> Status {
         for (const auto& item : split_list(v)) {
           const auto colon = item.find(':');
           if (colon != 4 || item.find_first_not_of("0123456789:") != std::string::npos || colon + 1 >= item.size())
             return invalid("must be year:amount pairs in whole kroner, e.g. 2024:461000", "low_income_medians");
         }
         st.low_income_medians = v;
         return {};
       }},
      {"offer_hold_hours", [](Settings& st, const std::string& v) { return set_int(st.offer_hold_hours, v, 1, 24 * 14, "offer_hold_hours"); }},
      {"loan_block_overdue_days", [](Settings& st, const std::string& v) { return set_int(st.loan_block_overdue_days, v, 1, 365, "loan_block_overdue_days"); }},
      {"smtp_host", [](Settings& st, const std::string& v) -> Status {
         if (v.find_first_of(" /:@") != std::string::npos) return invalid("must be a host name without port or scheme", "smtp_host");
         st.smtp_host = v;
         return {};
       }},
      {"smtp_port", [](Settings& st, const std::string& v) { return set_int(st.smtp_port, v, 1, 65535, "smtp_port"); }},
      {"smtp_from", [](Settings& st, const std::string& v) -> Status {
         if (v.find('@') == std::string::npos || v.find_first_of(" <>\r\n") != std::string::npos)
           return invalid("must be a plain e-mail address, e.g. knutepunkt@kommune.no", "smtp_from");
         st.smtp_from = v;
         return {};
       }},
      {"sms_gateway", [](Settings& st, const std::string& v) -> Status {
         if (v != "none") return invalid("must be none (no SMS gateway is built in yet)", "sms_gateway");
         st.sms_gateway = v;
         return {};
       }},
  };
  return s;
}

Status apply(Settings& st, const std::string& key, const std::string& value, const std::string& where) {
  auto it = setters().find(key);
  if (it == setters().end()) return invalid("is not a known setting (" + where + ")", key);
  auto r = it->second(st, value);
  if (!r) {
    Error e = r.error();
    e.message = e.message + " (" + where + ")";
    return kp::unexpected<Error>(e);
  }
  return {};
}

}  // namespace

std::vector<std::string> setting_names() {
  std::vector<std::string> out;
  for (const auto& [k, v] : setters()) out.push_back(k);
  return out;
}

Result<Settings> load_settings(const std::map<std::string, std::string>& flags) {
  Settings st;
  std::string config;
  if (auto it = flags.find("config"); it != flags.end()) config = it->second;
  else if (const char* env = std::getenv("KNUTEPUNKT_CONFIG")) config = env;
  if (!config.empty()) {
    std::ifstream in(config);
    if (!in) return invalid("cannot read the config file " + config, "config");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      auto l = text::trim(line);
      if (l.empty() || l.front() == '#') continue;
      auto eq = l.find('=');
      if (eq == std::string_view::npos) return invalid("line " + std::to_string(n) + " of " + config + " has no '='", "config");
      KP_TRY(apply(st, std::string(text::trim(l.substr(0, eq))), std::string(text::trim(l.substr(eq + 1))),
                   config + " line " + std::to_string(n)));
    }
  }
  for (const auto& [key, setter] : setters()) {
    std::string env_name = "KNUTEPUNKT_";
    for (char c : key) env_name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (const char* v = std::getenv(env_name.c_str())) KP_TRY(apply(st, key, v, env_name));
  }
  for (const auto& [key, value] : flags) {
    if (key == "config") continue;
    if (!setters().count(key)) continue;  // subcommand flags are checked by the subcommand
    KP_TRY(apply(st, key, value, "--" + key));
  }
  return st;
}

}  // namespace kp::app
