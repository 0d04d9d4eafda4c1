#include "core/clock.hpp"

#include <fmt/format.h>

#include <charconv>

namespace kp {

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_from_civil(CivilDate d) {
  int y = d.year - (d.month <= 2);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(d.month > 2 ? d.month - 3 : d.month + 9);
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d.day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int iso_weekday(CivilDate d) {
  const std::int64_t z = days_from_civil(d);
  return static_cast<int>(z >= -3 ? (z + 3) % 7 + 1 : (z + 4) % 7 + 7);
}

namespace {
// Last Sunday of a month, 01:00 UTC: EU summer time starts (March) and ends (October) then.
UnixSeconds last_sunday_0100_utc(int year, int month) {
  int last_day = month == 3 || month == 10 ? 31 : 30;
  CivilDate d{year, month, last_day};
  const int wd = iso_weekday(d);
  d.day -= wd % 7;
  return days_from_civil(d) * 86400 + 3600;
}
bool is_summer_time(UnixSeconds t) {
  const int year = civil_from_days(t >= 0 ? t / 86400 : (t - 86399) / 86400).year;
  return t >= last_sunday_0100_utc(year, 3) && t < last_sunday_0100_utc(year, 10);
}
}  // namespace

LocalDateTime to_oslo(UnixSeconds t) {
  const UnixSeconds local = t + (is_summer_time(t) ? 7200 : 3600);
  std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  std::int64_t secs = local - days * 86400;
  LocalDateTime out;
  out.date = civil_from_days(days);
  out.hour = static_cast<int>(secs / 3600);
  out.minute = static_cast<int>(secs % 3600 / 60);
  out.second = static_cast<int>(secs % 60);
  return out;
}

UnixSeconds from_oslo(const LocalDateTime& l) {
  const UnixSeconds naive =
      days_from_civil(l.date) * 86400 + l.hour * 3600 + l.minute * 60 + l.second;
  const UnixSeconds summer = naive - 7200;
  if (is_summer_time(summer)) return summer;
  return naive - 3600;
}

bool parse_iso_date(std::string_view s, CivilDate& out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  auto num = [&](size_t pos, size_t len, int& v) {
    auto r = std::from_chars(s.data() + pos, s.data() + pos + len, v);
    return r.ec == std::errc() && r.ptr == s.data() + pos + len;
  };
  CivilDate d;
  if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day)) return false;
  if (d.year < 1900 || d.year > 2200 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  if (civil_from_days(days_from_civil(d)) != d) return false;
  out = d;
  return true;
}

std::string format_iso_date(CivilDate d) {
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

std::string format_utc_iso(UnixSeconds t) {
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t secs = t - days * 86400;
  const CivilDate d = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", d.year, d.month, d.day, secs / 3600,
                     secs % 3600 / 60, secs % 60);
}

}  // namespace kp
