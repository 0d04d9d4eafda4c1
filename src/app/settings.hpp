// Settings, from (lowest to highest precedence) built-in defaults, a config file of
// `key = value` lines, KNUTEPUNKT_<KEY> environment variables and command-line flags.
// A bad value stops start-up with a message naming the setting.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kp::app {

struct Settings {
  std::string db = "sqlite:var/knutepunkt.db";
  std::string listen = "127.0.0.1:8080";
  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;
  std::string base_url = "http://127.0.0.1:8080";   // for links in feeds and e-mails
  std::vector<std::string> languages = {"nb", "nn", "en", "ar", "so", "ti", "pl", "uk", "ur"};
  // Municipalities the public catalog shows (kommunenummer); empty: all in the database.
  std::vector<std::string> public_municipalities;
  bool plain_http = false;               // development without TLS: cookies without Secure
  bool trust_forwarded_for = false;      // behind nginx: take the client address from X-Forwarded-For
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  int confirm_interval_days = 182;       // offers not confirmed for this long are listed
  int page_cache_entries = 2000;         // anonymous public pages kept in memory; 0 turns it off
  int max_upload_mb = 10;               // largest request body (HSDS upload, consent scan, photo)
  int db_readers = 4;
  int worker_threads = 0;                // 0: 2 × cores
  std::string secret_file = "var/secret.key";  // HMAC key for CSRF tokens; created if missing
  std::string locale_dir;                // compiled .mo files; default next to the binary
  std::string assets_dir;                // assets/ and node_modules/; default the source tree
  bool access_log = true;
  std::string metrics_allow = "127.0.0.1,::1";  // addresses allowed to read /metrics

  // Family follow-up.
  bool audit_reads = true;               // log every read of family data; off only to measure its cost (make bench)
  bool allow_synthetic_ids = false;      // accept test identity numbers (month + 80): demo and test only
  int youth_consent_age = 15;            // young people give their own consent from this age
  int consent_warning_days = 30;         // warn coordinators this long before a consent runs out
  int referral_warning_days = 14;        // warn when a referral to an offer has waited this long
  int no_contact_weeks = 6;              // caseload: families without contact for this long
  int caseload_cache_size = 2048;        // caseloads kept in memory (one per staff member); 0: none
  int emergency_access_hours = 8;        // how long nødtilgang lasts
  int retention_days = 1825;             // closed families are anonymised this long after closing
  int child_age_limit = 18;              // EU-60: younger than this counts as a child (0.3 units)
  std::string low_income_medians;        // "2023:446000,2024:461000": national median per unit (NOK); empty: built-in table

  // Activities and the equipment pool.
  int offer_hold_hours = 48;             // a freed place offered from the waiting list is held this long
  int loan_block_overdue_days = 14;      // a borrower with a loan overdue this long cannot borrow more

  // Messages (e-mail through SMTP; SMS through a gateway). Empty smtp_host: e-mails stay queued.
  std::string smtp_host;                 // e.g. the municipality's relay "smtp.kommune.no"
  int smtp_port = 25;
  std::string smtp_from = "knutepunkt@localhost";  // sender address of every e-mail
  std::string sms_gateway = "none";      // "none": SMS stay queued; other gateways plug in (messaging/sms.hpp)
};

// Reads settings. `flags` are the command-line `--key value` pairs already split.
// Returns an invalid Error whose field names the bad setting.
Result<Settings> load_settings(const std::map<std::string, std::string>& flags);
// The setting names, for --help.
std::vector<std::string> setting_names();

}  // namespace kp::app
