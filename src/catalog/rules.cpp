#include "catalog/rules.hpp"

#include <algorithm>
#include <charconv>

#include "catalog/rrule.hpp"
#include "core/text.hpp"

namespace kp::catalog {
namespace {

using Errors = std::vector<std::pair<std::string, std::string>>;

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::optional<int> parse_count(const std::string& raw, int lo, int hi, const char* field, const char* msg, Errors& errors) {
  const auto s = text::trim(raw);
  if (s.empty()) return std::nullopt;
  int n = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), n);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || n < lo || n > hi) {
    errors.emplace_back(field, msg);
    return std::nullopt;
  }
  return n;
}

// "150", "150,50", "150.5", "kr 150" → øre.
std::optional<std::int64_t> parse_nok(std::string_view s) {
  s = text::trim(s);
  if (s.starts_with("kr")) s = text::trim(s.substr(2));
  if (s.starts_with("NOK")) s = text::trim(s.substr(3));
  std::int64_t kr = 0, ore = 0;
  size_t i = 0;
  int digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) kr = kr * 10 + (s[i] - '0');
  if (digits == 0 || digits > 7) return std::nullopt;
  if (i < s.size() && (s[i] == ',' || s[i] == '.')) {
    ++i;
    int d = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && d < 2; ++i, ++d) ore = ore * 10 + (s[i] - '0');
    if (d == 1) ore *= 10;
    if (d == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return kr * 100 + ore;
}

bool valid_time(const std::string& s) {
  return s.size() == 5 && s[2] == ':' && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[1])) && std::isdigit(static_cast<unsigned char>(s[3])) &&
         std::isdigit(static_cast<unsigned char>(s[4])) && (s[0] - '0') * 10 + (s[1] - '0') < 24 &&
         (s[3] - '0') * 10 + (s[4] - '0') < 60;
}

constexpr const char* kDays[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

}  // namespace

void apply_offer_form(const OfferForm& form, const FormChoices& choices, Offer& offer, Errors& errors) {
  if (form.organization_id.empty() || !contains(choices.organization_ids, form.organization_id))
    errors.emplace_back("organization_id", "Choose the organisation that runs the offer.");
  offer.organization_id = form.organization_id;
  if (!form.location_id.empty() && !contains(choices.location_ids, form.location_id))
    errors.emplace_back("location_id", "Choose a place from the list.");
  offer.location_id = form.location_id.empty() ? std::nullopt : std::optional<std::string>(form.location_id);

  static const std::map<std::string, std::size_t> max_len = {
      {"name", 120}, {"summary", 300}, {"description", 5000}, {"application_process", 2000},
      {"eligibility", 2000}, {"fees_description", 1000}};
  for (const char* f : kOfferTextFields) {
    auto it = form.texts.find(f);
    std::string value = it == form.texts.end() ? std::string() : std::string(text::trim(it->second));
    if (!text::is_clean_utf8(value)) {
      errors.emplace_back(f, "The text has characters that cannot be used.");
      continue;
    }
    if (text::length_utf8(value) > max_len.at(f)) {
      errors.emplace_back(f, std::string(f) == "name" ? "The name is too long (at most 120 characters)."
                             : std::string(f) == "summary" ? "The short description is too long (at most 300 characters)."
                                                           : "The text is too long.");
      continue;
    }
    if (std::string(f) == "name" && value.empty()) errors.emplace_back("name", "Write the name of the offer.");
    if (std::string(f) == "summary" && value.empty())
      errors.emplace_back("summary", "Write a short description: what is it, in one or two sentences?");
    offer.texts[f][kSourceLanguage].value = value;
  }

  offer.min_age = parse_count(form.min_age, 0, 120, "min_age", "Age must be a whole number from 0 to 120.", errors);
  offer.max_age = parse_count(form.max_age, 0, 120, "max_age", "Age must be a whole number from 0 to 120.", errors);
  if (offer.min_age && offer.max_age && *offer.min_age > *offer.max_age)
    errors.emplace_back("max_age", "The highest age must be the same as or higher than the lowest age.");
  offer.capacity = parse_count(form.capacity, 1, 100000, "capacity", "Places must be a whole number of at least 1.", errors);
  offer.free = form.free;
  offer.fee_ore.reset();
  if (!form.free) {
    auto fee = parse_nok(form.fee);
    if (!fee || *fee <= 0) errors.emplace_back("fee", "Write the price in kroner, for example 150 or 49,50 – or tick \"Free\".");
    else offer.fee_ore = fee;
  }
  offer.interpretation = form.interpretation;
  offer.target_groups.clear();
  for (const auto& g : form.target_groups)
    if (std::find_if(std::begin(kTargetGroups), std::end(kTargetGroups), [&](const char* k) { return g == k; }) != std::end(kTargetGroups))
      offer.target_groups.push_back(g);
  offer.languages.clear();
  for (const auto& l : form.languages)
    if (contains(choices.languages, l)) offer.languages.push_back(l);
  offer.category_ids.clear();
  for (const auto& c : form.category_ids) {
    if (!contains(choices.category_ids, c)) {
      errors.emplace_back("categories", "Choose categories from the list.");
      break;
    }
    offer.category_ids.push_back(c);
  }
  if (offer.category_ids.empty()) errors.emplace_back("categories", "Choose at least one category, so families can find the offer.");

  offer.contact_name = std::string(text::trim(form.contact_name));
  offer.phone = std::string(text::trim(form.phone));
  offer.email = std::string(text::trim(form.email));
  offer.url = std::string(text::trim(form.url));
  if (!offer.phone.empty() && (offer.phone.size() > 30 || offer.phone.find_first_not_of("+0123456789 -()") != std::string::npos))
    errors.emplace_back("phone", "Write the phone number with digits only, for example 400 00 000.");
  if (!offer.email.empty() && (offer.email.size() > 200 || offer.email.find('@') == std::string::npos ||
                               offer.email.find_first_of(" <>\"") != std::string::npos))
    errors.emplace_back("email", "Write a valid e-mail address, for example post@example.no.");
  if (!offer.url.empty() && !(offer.url.starts_with("https://") || offer.url.starts_with("http://")))
    errors.emplace_back("url", "The web address must start with https://");
  for (const std::string* s : {&offer.contact_name, &offer.phone, &offer.email, &offer.url})
    if (!text::is_clean_utf8(*s) || s->size() > 500) errors.emplace_back("contact_name", "The text has characters that cannot be used.");

  offer.schedules.clear();
  const auto starts = text::trim(form.starts_on);
  if (!starts.empty()) {
    Schedule s;
    if (!parse_iso_date(starts, s.starts_on)) errors.emplace_back("starts_on", "Write the date as YYYY-MM-DD, for example 2026-12-01.");
    if (const auto ends = text::trim(form.ends_on); !ends.empty()) {
      CivilDate e;
      if (!parse_iso_date(ends, e)) errors.emplace_back("ends_on", "Write the date as YYYY-MM-DD, for example 2026-12-01.");
      else if (e < s.starts_on) errors.emplace_back("ends_on", "The end date must be on or after the start date.");
      else s.ends_on = e;
    }
    std::string byday;
    for (const char* d : kDays)
      if (contains(form.days, d)) byday += (byday.empty() ? "" : ",") + std::string(d);
    if (form.repeat == "weekly" || form.repeat == "biweekly") {
      s.rrule = form.repeat == "weekly" ? "FREQ=WEEKLY" : "FREQ=WEEKLY;INTERVAL=2";
      if (!byday.empty()) s.rrule += ";BYDAY=" + byday;
    } else if (form.repeat == "daily") {
      s.rrule = "FREQ=DAILY";
      if (!s.ends_on) errors.emplace_back("ends_on", "A daily offer needs an end date.");
    } else if (form.repeat == "monthly") {
      s.rrule = "FREQ=MONTHLY";
    } else if (!form.repeat.empty()) {
      errors.emplace_back("repeat", "Choose how often it happens.");
    }
    if (!s.rrule.empty() && !parse_rrule(s.rrule)) errors.emplace_back("repeat", "Choose how often it happens.");
    s.opens_at = std::string(text::trim(form.opens_at));
    s.closes_at = std::string(text::trim(form.closes_at));
    if (!s.opens_at.empty() && !valid_time(s.opens_at)) errors.emplace_back("opens_at", "Write the time as HH:MM, for example 17:30.");
    if (!s.closes_at.empty() && !valid_time(s.closes_at)) errors.emplace_back("closes_at", "Write the time as HH:MM, for example 17:30.");
    if (valid_time(s.opens_at) && valid_time(s.closes_at) && s.closes_at <= s.opens_at)
      errors.emplace_back("closes_at", "The end time must be after the start time.");
    offer.schedules.push_back(std::move(s));
  } else if (!text::trim(form.ends_on).empty() || !form.repeat.empty() || !text::trim(form.opens_at).empty()) {
    errors.emplace_back("starts_on", "Write the first date, or leave all time fields empty for an offer without fixed times.");
  }
}

OfferForm form_from_offer(const Offer& o) {
  OfferForm f;
  f.organization_id = o.organization_id;
  f.location_id = o.location_id.value_or("");
  for (const char* field : kOfferTextFields) {
    auto it = o.texts.find(field);
    if (it == o.texts.end()) continue;
    auto nb = it->second.find(kSourceLanguage);
    if (nb != it->second.end()) f.texts[field] = nb->second.value;
  }
  f.min_age = o.min_age ? std::to_string(*o.min_age) : "";
  f.max_age = o.max_age ? std::to_string(*o.max_age) : "";
  f.capacity = o.capacity ? std::to_string(*o.capacity) : "";
  f.free = o.free;
  if (o.fee_ore) f.fee = std::to_string(*o.fee_ore / 100) + (*o.fee_ore % 100 ? "," + std::to_string(*o.fee_ore % 100 + 100).substr(1) : "");
  f.interpretation = o.interpretation;
  f.target_groups = o.target_groups;
  f.languages = o.languages;
  f.category_ids = o.category_ids;
  f.contact_name = o.contact_name;
  f.phone = o.phone;
  f.email = o.email;
  f.url = o.url;
  if (!o.schedules.empty()) {
    const Schedule& s = o.schedules.front();
    f.starts_on = format_iso_date(s.starts_on);
    if (s.ends_on) f.ends_on = format_iso_date(*s.ends_on);
    f.opens_at = s.opens_at;
    f.closes_at = s.closes_at;
    if (auto r = parse_rrule(s.rrule); r && !s.rrule.empty()) {
      if (r->until && !s.ends_on) f.ends_on = format_iso_date(*r->until);
      switch (r->freq) {
        case Recurrence::Freq::daily: f.repeat = "daily"; break;
        case Recurrence::Freq::weekly: f.repeat = r->interval == 2 ? "biweekly" : "weekly"; break;
        case Recurrence::Freq::monthly: f.repeat = "monthly"; break;
        case Recurrence::Freq::yearly: f.repeat = ""; break;
      }
      for (const auto& d : r->byday) f.days.push_back(kDays[d.weekday - 1]);
    }
  }
  return f;
}

bool needs_confirmation(const Offer& o, UnixSeconds now, int interval_days) {
  return o.state != OfferState::archived && o.last_confirmed_at < now - static_cast<UnixSeconds>(interval_days) * 86400;
}

std::vector<std::string> languages_needing_translation(const Offer& o, const std::vector<std::string>& languages) {
  std::vector<std::string> out;
  for (const auto& lang : languages) {
    if (lang == kSourceLanguage) continue;
    bool needed = false;
    for (const char* f : kOfferTextFields) {
      auto it = o.texts.find(f);
      if (it == o.texts.end()) continue;
      auto nb = it->second.find(kSourceLanguage);
      if (nb == it->second.end() || nb->second.value.empty()) continue;
      auto tr = it->second.find(lang);
      if (tr == it->second.end() || tr->second.value.empty() || is_outdated(o.texts, f, lang)) needed = true;
    }
    if (needed) out.push_back(lang);
  }
  return out;
}

}  // namespace kp::catalog
