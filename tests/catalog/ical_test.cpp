// iCalendar output: structure, time zones and repeat rules, escaping, folding of multi-byte
// text, and a sanity parse (plus python3-icalendar's parser when it is installed).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/ical.hpp"
#include "catalog/search.hpp"
#include "catalog/store.hpp"
#include "store/database.hpp"

namespace kp::catalog {
namespace {

constexpr UnixSeconds kNow = 1790000000;  // 2026-09-21T14:13:20Z

void put(Texts& texts, const std::string& field, const std::string& lang, const std::string& value) {
  texts[field][lang].value = value;
}

// A published offer with a name in nb (and more texts added by the test).
Offer offer(const std::string& id, const std::string& nb_name) {
  Offer o;
  o.id = id;
  o.municipality_id = "9999";
  o.organization_id = "org-1";
  o.location_id = "loc-1";
  o.state = OfferState::published;
  o.last_confirmed_at = o.created_at = o.updated_at = kNow - 86400;
  put(o.texts, "name", "nb", nb_name);
  return o;
}

Schedule schedule(const std::string& id, CivilDate start, std::string rrule = "", std::string opens = "",
                  std::string closes = "", std::optional<CivilDate> ends = std::nullopt) {
  return Schedule{id, start, ends, std::move(rrule), std::move(opens), std::move(closes)};
}

// A snapshot of the given offers in a throw-away SQLite database (always SQLite: the formats
// do not depend on the engine).
class IcalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kp-ical-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void load(const std::vector<Offer>& offers) {
    auto db = store::open("sqlite:" + (dir_ / "kp.db").string());
    ASSERT_TRUE(db) << db.error().detail;
    db_ = std::move(*db);
    ASSERT_TRUE(store::migrate(*db_));
    Status st = db_->with_write([&](store::Conn& c) -> Status {
      KP_TRY(upsert_municipality(c, Municipality{"9999", "Fjordvik kommune", {}, {}, {}, {}, {}}, kNow));
      Organization org;
      org.id = "org-1";
      org.municipality_id = "9999";
      org.name = "Fjordvik bibliotek";
      KP_TRY(upsert_organization(c, org, kNow));
      Location loc;
      loc.id = "loc-1";
      loc.municipality_id = "9999";
      loc.name = "Fjordvik bibliotek";
      loc.address = "Storgata 1";
      loc.postal_code = "9999";
      loc.city = "Fjordvik";
      loc.latitude = 69.5;
      loc.longitude = 18.25;
      KP_TRY(upsert_location(c, loc, kNow));
      Category cat;
      cat.id = "cat-1";
      cat.municipality_id = "9999";
      cat.code = "learning";
      put(cat.texts, "name", "nb", "Læring, lekser");
      KP_TRY(upsert_category(c, cat, kNow));
      for (const Offer& o : offers) KP_TRY(insert_offer(c, o, kNow));
      return {};
    });
    ASSERT_TRUE(st) << st.error().message << " / " << st.error().detail;
    auto snap = Snapshot::load(*db_);
    ASSERT_TRUE(snap) << snap.error().detail;
    snap_ = *snap;
  }

  std::string calendar(const std::string& lang = "nb", UnixSeconds now = kNow) {
    std::vector<const Offer*> list;
    for (const Offer& o : snap_->offers()) list.push_back(&o);
    return ical_calendar(*snap_, list, lang, "https://fjordvik.example.no/", now);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::shared_ptr<const Snapshot> snap_;
};

// ---- a small reader: unfold, split into properties ---------------------------------------

struct Property {
  std::string name, params, value;
};

std::vector<std::string> physical_lines(const std::string& ics) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < ics.size()) {
    std::size_t crlf = ics.find("\r\n", pos);
    if (crlf == std::string::npos) {
      ADD_FAILURE() << "text after the last CRLF";
      break;
    }
    out.push_back(ics.substr(pos, crlf - pos));
    pos = crlf + 2;
  }
  return out;
}

std::vector<Property> parse(const std::string& ics) {
  std::vector<std::string> logical;
  for (const std::string& l : physical_lines(ics)) {
    if (!l.empty() && l[0] == ' ') {
      EXPECT_FALSE(logical.empty());
      logical.back() += l.substr(1);
    } else {
      logical.push_back(l);
    }
  }
  std::vector<Property> out;
  for (const std::string& l : logical) {
    const std::size_t colon = l.find(':');  // parameter values here never contain ':'
    EXPECT_NE(colon, std::string::npos) << l;
    if (colon == std::string::npos) continue;
    const std::string head = l.substr(0, colon);
    const std::size_t semi = head.find(';');
    out.push_back({head.substr(0, semi), semi == std::string::npos ? "" : head.substr(semi + 1), l.substr(colon + 1)});
  }
  return out;
}

std::string unescape(const std::string& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\' || i + 1 == v.size()) {
      out += v[i];
      continue;
    }
    const char c = v[++i];
    out += c == 'n' || c == 'N' ? '\n' : c;
  }
  return out;
}

// The properties of each VEVENT, by name (the last one wins for repeated names).
std::vector<std::map<std::string, Property>> events(const std::vector<Property>& props) {
  std::vector<std::map<std::string, Property>> out;
  bool in_event = false;
  for (const Property& p : props) {
    if (p.name == "BEGIN" && p.value == "VEVENT") {
      in_event = true;
      out.emplace_back();
    } else if (p.name == "END" && p.value == "VEVENT") {
      in_event = false;
    } else if (in_event) {
      out.back()[p.name] = p;
    }
  }
  return out;
}

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (int k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// ---- tests ------------------------------------------------------------------------------------

TEST(IcalText, EscapesTextValues) {
  EXPECT_EQ(ical_escape("a\\b;c,d\ne\r\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
  using namespace std::string_literals;
  EXPECT_EQ(ical_escape("tab\tok, bell\x07 and nul\0 gone"s), "tab\tok\\, bell and nul gone");
  EXPECT_EQ(ical_escape("Åpen barnehage – ትግርኛ"), "Åpen barnehage – ትግርኛ");
}

TEST(IcalText, FoldsAtSeventyFiveOctetsOnCharacterBoundaries) {
  std::string out;
  ical_append_line(out, std::string(75, 'a'));
  EXPECT_EQ(out, std::string(75, 'a') + "\r\n");
  out.clear();
  ical_append_line(out, std::string(76, 'a'));
  EXPECT_EQ(out, std::string(75, 'a') + "\r\n a\r\n");
  // 74 ASCII octets and a 3-octet Ge'ez letter: the letter moves whole to the next line.
  out.clear();
  ical_append_line(out, std::string(74, 'a') + "ት");
  EXPECT_EQ(out, std::string(74, 'a') + "\r\n ት\r\n");
}

TEST_F(IcalTest, CalendarStructure) {
  Offer a = offer("offer-a", "Leksehjelp");
  a.schedules = {schedule("s1", {2026, 8, 17}, "FREQ=WEEKLY;BYDAY=TU,TH", "17:00", "19:00"),
                 schedule("s2", {2026, 9, 5})};
  a.category_ids = {"cat-1"};
  a.phone = "+47 99 99 99 99";
  Offer b = offer("offer-b", "Uten tider");  // no schedules: no event
  ASSERT_NO_FATAL_FAILURE(load({a, b}));
  const std::string ics = calendar();
  if (const char* keep = std::getenv("KP_KEEP_TEST_OUTPUT"); keep && *keep) std::ofstream("/tmp/kp-ical-structure.ics") << ics;

  // CRLF only.
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics[i] == '\n') {
      ASSERT_TRUE(i > 0 && ics[i - 1] == '\r') << "bare LF at " << i;
    }
  }
  const auto props = parse(ics);
  ASSERT_FALSE(props.empty());
  EXPECT_EQ(props.front().name + ":" + props.front().value, "BEGIN:VCALENDAR");
  EXPECT_EQ(props.back().name + ":" + props.back().value, "END:VCALENDAR");
  std::map<std::string, std::string> top;
  std::vector<std::string> stack;
  for (const Property& p : props) {
    if (p.name == "BEGIN") stack.push_back(p.value);
    else if (p.name == "END") {
      ASSERT_FALSE(stack.empty());
      EXPECT_EQ(stack.back(), p.value);
      stack.pop_back();
    } else if (stack.size() == 1) top[p.name] = p.value;
  }
  EXPECT_TRUE(stack.empty());
  EXPECT_EQ(top["VERSION"], "2.0");
  EXPECT_FALSE(top["PRODID"].empty());
  EXPECT_EQ(top["CALSCALE"], "GREGORIAN");
  EXPECT_EQ(top["X-WR-CALNAME"], "Knutepunkt – Fjordvik kommune");

  // The time zone has both EU rules.
  EXPECT_NE(ics.find("BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo\r\n"), std::string::npos);
  EXPECT_NE(ics.find("TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"), std::string::npos);
  EXPECT_NE(ics.find("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"), std::string::npos);
  EXPECT_NE(ics.find("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"), std::string::npos);

  const auto evs = events(props);
  ASSERT_EQ(evs.size(), 2u);  // one per schedule of offer-a, none for offer-b
  const auto& weekly = evs[0];
  EXPECT_EQ(weekly.at("UID").value, "offer-a-s1@fjordvik.example.no");
  EXPECT_EQ(evs[1].at("UID").value, "offer-a-s2@fjordvik.example.no");
  EXPECT_EQ(weekly.at("DTSTAMP").value, "20260921T141320Z");
  // The rule starts on a Monday but occurs on Tuesdays and Thursdays: DTSTART is the first one.
  EXPECT_EQ(weekly.at("DTSTART").params, "TZID=Europe/Oslo");
  EXPECT_EQ(weekly.at("DTSTART").value, "20260818T170000");
  EXPECT_EQ(weekly.at("DTEND").value, "20260818T190000");
  EXPECT_EQ(weekly.at("RRULE").value, "FREQ=WEEKLY;BYDAY=TU,TH");
  EXPECT_EQ(weekly.at("SUMMARY").params, "LANGUAGE=nb");
  EXPECT_EQ(weekly.at("SUMMARY").value, "Leksehjelp");
  EXPECT_EQ(unescape(weekly.at("LOCATION").value), "Fjordvik bibliotek, Storgata 1, 9999 Fjordvik");
  EXPECT_EQ(weekly.at("GEO").value, "69.500000;18.250000");
  EXPECT_EQ(weekly.at("URL").value, "https://fjordvik.example.no/offers/offer-a");
  EXPECT_EQ(weekly.at("CATEGORIES").value, "Læring\\, lekser");
  EXPECT_EQ(weekly.at("CONTACT").value, "+47 99 99 99 99");
  EXPECT_EQ(weekly.at("TRANSP").value, "TRANSPARENT");

  // UIDs are stable; only DTSTAMP follows the clock.
  const std::string later = calendar("nb", kNow + 3600);
  EXPECT_NE(later.find("UID:offer-a-s1@fjordvik.example.no\r\n"), std::string::npos);
  EXPECT_NE(later.find("DTSTAMP:20260921T151320Z\r\n"), std::string::npos);
}

TEST_F(IcalTest, AllDayOneOff) {
  Offer a = offer("offer-a", "Familiedag");
  a.schedules = {schedule("s1", {2026, 9, 5})};
  ASSERT_NO_FATAL_FAILURE(load({a}));
  const auto evs = events(parse(calendar()));
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("DTSTART").params, "VALUE=DATE");
  EXPECT_EQ(evs[0].at("DTSTART").value, "20260905");
  EXPECT_EQ(evs[0].at("DTEND").params, "VALUE=DATE");
  EXPECT_EQ(evs[0].at("DTEND").value, "20260906");
  EXPECT_EQ(evs[0].count("RRULE"), 0u);
}

TEST_F(IcalTest, UntilBecomesUtcEndOfTheLastLocalDay) {
  Offer a = offer("offer-a", "Leksehjelp");
  a.schedules = {
      // Summer time on the last day: 23:59:59 CEST = 21:59:59Z.
      schedule("until-summer", {2026, 8, 17}, "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270703", "17:00", "19:00"),
      // ends_on becomes UNTIL; winter time: 23:59:59 CET = 22:59:59Z.
      schedule("ends-winter", {2026, 8, 19}, "FREQ=WEEKLY;BYDAY=WE", "10:00", "11:30", CivilDate{2026, 12, 16}),
      // All-day events keep a DATE.
      schedule("all-day", {2026, 8, 17}, "FREQ=WEEKLY;UNTIL=20261130"),
      // COUNT ends before ends_on: COUNT stays.
      schedule("count-first", {2026, 8, 17}, "FREQ=WEEKLY;COUNT=3", "09:00", "10:00", CivilDate{2027, 1, 1}),
      // ends_on comes before the 10th occurrence: it wins as UNTIL.
      schedule("ends-first", {2026, 8, 17}, "FREQ=WEEKLY;COUNT=10", "09:00", "10:00", CivilDate{2026, 8, 31}),
      // Closing after midnight ends the next day.
      schedule("overnight", {2026, 8, 21}, "", "22:00", "01:00"),
  };
  ASSERT_NO_FATAL_FAILURE(load({a}));
  std::map<std::string, std::map<std::string, Property>> by_schedule;
  for (const auto& e : events(parse(calendar()))) {
    const std::string uid = e.at("UID").value;
    by_schedule[uid.substr(std::string("offer-a-").size(), uid.find('@') - std::string("offer-a-").size())] = e;
  }
  ASSERT_EQ(by_schedule.size(), 6u);
  EXPECT_EQ(by_schedule["until-summer"]["RRULE"].value, "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270703T215959Z");
  EXPECT_EQ(by_schedule["ends-winter"]["RRULE"].value, "FREQ=WEEKLY;BYDAY=WE;UNTIL=20261216T225959Z");
  EXPECT_EQ(by_schedule["ends-winter"]["DTSTART"].value, "20260819T100000");
  EXPECT_EQ(by_schedule["all-day"]["RRULE"].value, "FREQ=WEEKLY;UNTIL=20261130");
  EXPECT_EQ(by_schedule["count-first"]["RRULE"].value, "FREQ=WEEKLY;COUNT=3");
  EXPECT_EQ(by_schedule["ends-first"]["RRULE"].value, "FREQ=WEEKLY;UNTIL=20260831T215959Z");
  EXPECT_EQ(by_schedule["overnight"]["DTSTART"].value, "20260821T220000");
  EXPECT_EQ(by_schedule["overnight"]["DTEND"].value, "20260822T010000");
}

TEST_F(IcalTest, EscapesAndFoldsMultiByteTexts) {
  const std::string ar_name = "نادي الواجبات المدرسية للأطفال والشباب";
  const std::string ar_summary =
      "مساعدة في الواجبات المدرسية، كل ثلاثاء وخميس بعد المدرسة؛ مع متطوعين ودودين في مكتبة فيوردفيك.\n"
      "لا حاجة للتسجيل \\ تعال فقط";
  const std::string ti_name = "ናይ ቤት ትምህርቲ ዕዮ ሓገዝ ንቖልዑን መንእሰያትን ኣብ ቤተ መጻሕፍቲ";
  const std::string ti_summary = "ኩሉ ሰሉስን ሓሙስን ድሕሪ ትምህርቲ፣ ብዘይ ክፍሊት፣ ምዝገባ ኣየድልን። ፈቐድቲ ሓገዝቲ ይሕግዙኹም።";
  Offer a = offer("offer-a", "Leksehjelp, lek; og moro");
  put(a.texts, "name", "ar", ar_name);
  put(a.texts, "summary", "ar", ar_summary);
  put(a.texts, "name", "ti", ti_name);
  put(a.texts, "summary", "ti", ti_summary);
  put(a.texts, "summary", "nb", "Linje én\nLinje to, med \\ skråstrek");
  a.schedules = {schedule("s1", {2026, 8, 18}, "FREQ=WEEKLY;BYDAY=TU", "17:00", "19:00")};
  ASSERT_NO_FATAL_FAILURE(load({a}));

  for (const std::string lang : {"ar", "ti", "nb", "so"}) {
    SCOPED_TRACE(lang);
    const std::string ics = calendar(lang);
    bool folded = false;
    for (const std::string& l : physical_lines(ics)) {
      EXPECT_LE(l.size(), 75u) << l;
      EXPECT_TRUE(valid_utf8(l)) << "a folded line splits a UTF-8 sequence: " << l;
      folded = folded || (!l.empty() && l[0] == ' ');
    }
    const auto evs = events(parse(ics));
    ASSERT_EQ(evs.size(), 1u);
    const auto& e = evs[0];
    const std::string shown = lang == "so" ? "nb" : lang;  // Somali falls back to Norwegian
    EXPECT_EQ(e.at("SUMMARY").params, "LANGUAGE=" + shown);
    EXPECT_EQ(e.at("DESCRIPTION").params, "LANGUAGE=" + shown);
    const std::string url = "https://fjordvik.example.no/offers/offer-a";
    if (lang == "ar") {
      EXPECT_TRUE(folded);
      EXPECT_EQ(unescape(e.at("SUMMARY").value), ar_name);
      EXPECT_EQ(unescape(e.at("DESCRIPTION").value), ar_summary + "\n\n" + url);
      // The Arabic comma and semicolon are not iCalendar separators and stay as they are.
      EXPECT_NE(e.at("DESCRIPTION").value.find("المدرسية، كل"), std::string::npos);
      EXPECT_NE(e.at("DESCRIPTION").value.find("المدرسة؛ مع"), std::string::npos);
    } else if (lang == "ti") {
      EXPECT_TRUE(folded);
      EXPECT_EQ(unescape(e.at("SUMMARY").value), ti_name);
      EXPECT_EQ(unescape(e.at("DESCRIPTION").value), ti_summary + "\n\n" + url);
    } else {
      EXPECT_EQ(e.at("SUMMARY").value, "Leksehjelp\\, lek\\; og moro");
      EXPECT_EQ(e.at("DESCRIPTION").value.rfind("Linje én\\nLinje to\\, med \\\\ skråstrek\\n\\nhttps:", 0), 0u);
    }
  }
}

// An independent parser, when the Debian package python3-icalendar is installed.
TEST_F(IcalTest, PythonIcalendarParsesIt) {
  if (std::system("python3 -c 'import icalendar' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "python3-icalendar is not installed";
  Offer a = offer("offer-a", "Leksehjelp, lek; og moro");
  put(a.texts, "name", "ar", "نادي الواجبات المدرسية للأطفال والشباب في مكتبة فيوردفيك، كل ثلاثاء");
  a.schedules = {schedule("s1", {2026, 8, 17}, "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270703", "17:00", "19:00"),
                 schedule("s2", {2026, 9, 5})};
  ASSERT_NO_FATAL_FAILURE(load({a}));
  const auto file = dir_ / "offers.ics";
  std::ofstream(file, std::ios::binary) << calendar("ar");
  const std::string script =
      "import sys, icalendar\n"
      "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
      "evs = [c for c in cal.walk('VEVENT')]\n"
      "assert len(evs) == 2, len(evs)\n"
      "assert str(evs[0]['SUMMARY']).startswith('نادي'), evs[0]['SUMMARY']\n"
      "assert str(evs[0]['DTSTART'].dt.tzinfo).endswith('Oslo') or evs[0]['DTSTART'].params['TZID'] == 'Europe/Oslo'\n"
      "assert evs[0]['RRULE']['UNTIL'][0].year == 2027\n";
  std::ofstream(dir_ / "check.py") << script;
  EXPECT_EQ(std::system(("python3 " + (dir_ / "check.py").string() + " " + file.string()).c_str()), 0);
}

}  // namespace
}  // namespace kp::catalog
