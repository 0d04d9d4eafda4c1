// Time is injected so that expiry, overdue and "last confirmed" rules are tested by moving a
// clock, never by sleeping. All stored times are UTC seconds since the Unix epoch.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace kp {

using UnixSeconds = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  // Current UTC time. Thread-safe.
  virtual UnixSeconds now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixSeconds now() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock tests move by hand. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixSeconds start) : t_(start) {}
  UnixSeconds now() const override { return t_.load(); }
  void set(UnixSeconds t) { t_.store(t); }
  void advance(std::int64_t seconds) { t_.fetch_add(seconds); }

 private:
  std::atomic<UnixSeconds> t_;
};

struct CivilDate {
  int year = 1970, month = 1, day = 1;
  auto operator<=>(const CivilDate&) const = default;
};
struct LocalDateTime {
  CivilDate date;
  int hour = 0, minute = 0, second = 0;
};

// Converts UTC seconds to wall-clock time in Europe/Oslo (CET/CEST, EU DST rules).
LocalDateTime to_oslo(UnixSeconds t);
// Converts a wall-clock time in Europe/Oslo to UTC seconds; for the ambiguous autumn hour
// the earlier (summer time) instant is chosen.
UnixSeconds from_oslo(const LocalDateTime& local);
// Days since 1970-01-01 for a proleptic Gregorian date, and back.
std::int64_t days_from_civil(CivilDate d);
CivilDate civil_from_days(std::int64_t days);
// ISO weekday, 1 = Monday … 7 = Sunday.
int iso_weekday(CivilDate d);
// Parses "YYYY-MM-DD"; rejects impossible dates.
bool parse_iso_date(std::string_view s, CivilDate& out);
std::string format_iso_date(CivilDate d);
// "2026-11-24T09:30:00Z"
std::string format_utc_iso(UnixSeconds t);

}  // namespace kp
