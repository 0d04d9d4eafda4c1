// The PDF brochure, checked from the outside with poppler-utils: the words of every script
// come back out of the PDF (so the text was shaped and mapped, not drawn as boxes), the Noto
// fonts are embedded, pages break between blocks, and concurrent calls work.
// Set KP_KEEP_TEST_OUTPUT=1 to keep the PDFs and page-1 PNGs (the path is printed) and look.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "catalog/search.hpp"
#include "catalog/store.hpp"
#include "i18n/i18n.hpp"
#include "pdf/brochure.hpp"
#include "store/database.hpp"

namespace kp::pdf {
namespace {

using namespace kp::catalog;
namespace fs = std::filesystem;

constexpr UnixSeconds kNow = 1790000000;

const std::string kArSummary = "ساعة الواجبات المدرسية للأطفال في مكتبة فيوردفيك مع متطوعين ودودين";
const std::string kArSignup = "NAV يساعدك في التسجيل عبر الهاتف";  // starts with a Latin name
const std::string kUrSummary = "بچوں اور نوجوانوں کے لیے لائبریری میں ہوم ورک کلب";
const std::string kTiSummary = "ናይ ቤት ትምህርቲ ዕዮ ሓገዝ ንቖልዑን መንእሰያትን ኣብ ቤተ መጻሕፍቲ";
const std::string kNbSummary = "Gratis leksehjelp for barn og unge på biblioteket i Fjordvik";

// Labels for the languages under test, so the PDFs look like the real thing. Test data only.
const char* kPo[][2] = {
    {"nb", "For whom|For hvem\nWhen|Når\nWhere|Hvor\nPrice|Pris\nFree|Gratis\nHow to sign up|Slik melder du deg på\n"
           "Contact|Kontakt\nPage {page} of {pages}|Side {page} av {pages}\nAge {min}–{max}|{min}–{max} år\n"
           "Every {days}|Hver {days}\nand|og"},
    {"ar", "For whom|لمن\nWhen|متى\nWhere|أين\nPrice|السعر\nFree|مجاني\nHow to sign up|كيفية التسجيل\n"
           "Contact|التواصل\nPage {page} of {pages}|صفحة {page} من {pages}\nAge {min}–{max}|العمر {min}–{max}\n"
           "Every {days}|كل {days}\nand|و"},
    {"ur", "For whom|کس کے لیے\nWhen|کب\nWhere|کہاں\nPrice|قیمت\nFree|مفت\nHow to sign up|اندراج کا طریقہ\n"
           "Contact|رابطہ\nPage {page} of {pages}|صفحہ {page} از {pages}\nAge {min}–{max}|عمر {min}–{max}\n"
           "Every {days}|ہر {days}\nand|اور"},
    {"ti", "For whom|ንመን\nWhen|መዓስ\nWhere|ኣበይ\nPrice|ዋጋ\nFree|ብነጻ\nHow to sign up|ከመይ ትምዝገቡ\n"
           "Contact|ርክብ\nPage {page} of {pages}|ገጽ {page} ካብ {pages}\nAge {min}–{max}|ዕድመ {min}–{max}\n"
           "Every {days}|ኩሉ {days}\nand|ን"},
};

struct CmdResult {
  int status;
  std::string out;
};
CmdResult run(const std::string& cmd) {
  CmdResult r{-1, {}};
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  r.status = pclose(p);
  return r;
}

bool have_poppler() { return run("command -v pdftotext pdffonts pdfinfo pdftoppm").status == 0; }

// Words of a text with the bidi controls (ours, and the embeddings pdftotext adds) and whitespace differences removed, as a set: pdftotext
// may give right-to-left lines in either order, but each word comes out in logical order.
std::set<std::string> words(std::string s) {
  for (const char* mark : {"\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u202a", "\u202b",
                           "\u202c", "\u202d", "\u202e"})
    for (size_t p; (p = s.find(mark)) != std::string::npos;) s.replace(p, std::string(mark).size(), " ");
  std::set<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

std::vector<std::string> code_points(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// How closely extracted text must match. Rendering is checked by looking at the PNGs; these
// check that the PDF maps every glyph back to its characters, within what pdftotext can do.
enum class Match {
  words,    // every word, exactly
  anagram,  // every word's letters together: pdftotext may put a lam-alef ligature's letters
            // before the lam in front of it ("للأطفال" → "لألطفال")
  letters,  // every letter: pdftotext splits Nastaliq words, whose letters sit at different
            // heights, into fragments
};

std::string sorted_letters(const std::string& w) {
  auto cps = code_points(w);
  std::sort(cps.begin(), cps.end());
  std::string out;
  for (const auto& c : cps) out += c;
  return out;
}

// Words or letters of `expected` missing from `extracted`.
std::vector<std::string> missing(const std::string& extracted, const std::string& expected, Match m) {
  std::vector<std::string> out;
  const auto got = words(extracted);
  if (m == Match::letters) {
    std::multiset<std::string> have;
    for (const auto& w : got)
      for (auto& c : code_points(w)) have.insert(c);
    for (const auto& w : words(expected))
      for (auto& c : code_points(w))
        if (auto it = have.find(c); it != have.end()) have.erase(it);
        else out.push_back(c);
    return out;
  }
  std::set<std::string> have;
  for (const auto& w : got) have.insert(m == Match::anagram ? sorted_letters(w) : w);
  for (const auto& w : words(expected))
    if (!have.count(m == Match::anagram ? sorted_letters(w) : w)) out.push_back(w);
  return out;
}

Match match_for(const std::string& lang) {
  return lang == "ur" ? Match::letters : lang == "ar" ? Match::anagram : Match::words;
}

void put(Texts& texts, const std::string& field, const std::string& lang, const std::string& value) {
  texts[field][lang].value = value;
}

class BrochureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kp-brochure-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    for (const auto& [lang, entries] : kPo) {
      const fs::path po = dir_ / (std::string(lang) + ".po");
      std::ofstream f(po);
      f << "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n";
      std::istringstream in(entries);
      for (std::string line; std::getline(in, line);) {
        const size_t bar = line.find('|');
        f << "msgid \"" << line.substr(0, bar) << "\"\nmsgstr \"" << line.substr(bar + 1) << "\"\n\n";
      }
      f.close();
      fs::create_directories(dir_ / "locale" / lang / "LC_MESSAGES");
      ASSERT_EQ(run("msgfmt -o " + (dir_ / "locale" / lang / "LC_MESSAGES" / "knutepunkt.mo").string() + " " + po.string()).status, 0);
    }
    catalogs_ = std::make_unique<i18n::Catalogs>((dir_ / "locale").string(), std::vector<std::string>{"nb", "ar", "ur", "ti"});
  }
  void TearDown() override {
    const char* keep = std::getenv("KP_KEEP_TEST_OUTPUT");
    if (keep && *keep) {
      std::printf("brochure test output kept in %s\n", dir_.c_str());
      return;
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Offer offer(const std::string& id, const std::string& nb_name) {
    Offer o;
    o.id = id;
    o.municipality_id = "9999";
    o.organization_id = "org-1";
    o.location_id = "loc-1";
    o.state = OfferState::published;
    o.last_confirmed_at = o.created_at = o.updated_at = kNow;
    o.min_age = 6;
    o.max_age = 12;
    o.contact_name = "Kari Nordmann";
    o.phone = "+47 99 99 99 99";
    o.email = "leksehjelp@fjordvik.example.no";
    o.schedules = {Schedule{id + "-s1", {2026, 8, 18}, CivilDate{2027, 6, 17}, "FREQ=WEEKLY;BYDAY=TU,TH", "17:00", "19:00"}};
    put(o.texts, "name", "nb", nb_name);
    return o;
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
      KP_TRY(upsert_location(c, loc, kNow));
      for (const Offer& o : offers) KP_TRY(insert_offer(c, o, kNow));
      return {};
    });
    ASSERT_TRUE(st) << st.error().message << " / " << st.error().detail;
    auto snap = Snapshot::load(*db_);
    ASSERT_TRUE(snap) << snap.error().detail;
    snap_ = *snap;
    for (const Offer& o : snap_->offers()) list_.push_back(&o);
  }

  // The homework club in four languages, a paid offer, and one only in Norwegian (which the
  // other languages fall back to).
  void load_sample() {
    Offer a = offer("offer-a", "Leksehjelp på biblioteket");
    put(a.texts, "summary", "nb", kNbSummary);
    put(a.texts, "name", "ar", "نادي الواجبات المدرسية");
    put(a.texts, "summary", "ar", kArSummary);
    put(a.texts, "application_process", "ar", kArSignup);
    put(a.texts, "name", "ur", "ہوم ورک کلب");
    put(a.texts, "summary", "ur", kUrSummary);
    put(a.texts, "name", "ti", "ሓገዝ ዕዮ ገዛ");
    put(a.texts, "summary", "ti", kTiSummary);
    put(a.texts, "application_process", "nb", "Ingen påmelding, bare møt opp.");
    Offer b = offer("offer-b", "Babysang");
    b.free = false;
    b.fee_ore = 15050;
    b.min_age = std::nullopt;
    b.max_age = 1;
    put(b.texts, "summary", "nb", "Sang og rim for de minste, med foreldre.");
    put(b.texts, "fees_description", "nb", "Søskenmoderasjon 50 prosent.");
    load({a, b});
  }

  std::string write(const std::string& name, const std::string& bytes) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }

  fs::path dir_;
  std::unique_ptr<i18n::Catalogs> catalogs_;
  std::unique_ptr<store::Database> db_;
  std::shared_ptr<const Snapshot> snap_;
  std::vector<const Offer*> list_;
};

TEST_F(BrochureTest, EveryScriptComesBackOut) {
  if (!have_poppler()) GTEST_SKIP() << "poppler-utils is not installed";
  ASSERT_NO_FATAL_FAILURE(load_sample());
  struct Case {
    std::string lang, summary;
    std::vector<std::string> fonts;  // PostScript names that must be embedded
  };
  const std::vector<Case> cases = {
      {"nb", kNbSummary, {"NotoSans-Regular", "NotoSans-Bold"}},
      {"ar", kArSummary, {"NotoSans-Regular", "NotoSansArabic-Regular", "NotoSansArabic-Bold"}},
      // Bold Nastaliq is emboldened by fontconfig (the packaged Bold says it is of normal
      // weight), which Cairo embeds as a converted "CairoFont", so only the Regular is named.
      {"ur", kUrSummary, {"NotoSans-Regular", "NotoNastaliqUrdu-Regular"}},
      {"ti", kTiSummary, {"NotoSansEthiopic-Regular", "NotoSansEthiopic-Bold"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.lang);
    const i18n::Translator& t = catalogs_->get(c.lang);
    ASSERT_EQ(t.code(), c.lang);
    const std::string title = c.lang == "nb" ? "Tilbud i Fjordvik" : c.lang == "ar" ? "العروض في فيوردفيك"
                              : c.lang == "ur" ? "فیوردوک میں سرگرمیاں" : "ኣብ ፊዮርድቪክ ዘለዉ ኣገልግሎታት";
    auto pdf = brochure_pdf(*snap_, list_, t, title);
    ASSERT_TRUE(pdf) << pdf.error().detail;
    ASSERT_TRUE(pdf->starts_with("%PDF-"));
    ASSERT_TRUE(pdf->ends_with("%%EOF\n"));
    // /Lang comes in an incremental update whose startxref points at its own xref section.
    EXPECT_NE(pdf->find("/Lang (" + c.lang + ")"), std::string::npos);
    const size_t sx = pdf->rfind("startxref\n");
    ASSERT_NE(sx, std::string::npos);
    EXPECT_EQ(pdf->compare(std::strtoull(pdf->c_str() + sx + 10, nullptr, 10), 5, "xref\n"), 0);
    EXPECT_NE(pdf->find("/Prev ", pdf->rfind("trailer")), std::string::npos);
    const std::string file = write("brochure-" + c.lang + ".pdf", *pdf);

    // The text: every word of the summary, and the title.
    const CmdResult text = run("pdftotext -q -enc UTF-8 " + file + " -");
    ASSERT_EQ(text.status, 0) << text.out;
    const auto got = words(text.out);
    EXPECT_EQ(missing(text.out, c.summary + " " + title, match_for(c.lang)), std::vector<std::string>{}) << text.out;
    if (c.lang == "ar") {
      EXPECT_EQ(missing(text.out, kArSignup + " متى", Match::anagram), std::vector<std::string>{}) << "sign-up text, label";
    }
    // Norwegian fallback texts and data keep their characters in every language.
    for (const char* w : {"Storgata", "+47", "leksehjelp@fjordvik.example.no", "Babysang", "Søskenmoderasjon"})
      EXPECT_TRUE(got.count(w)) << w << "\n" << text.out;

    // The fonts, embedded.
    const CmdResult fonts = run("pdffonts " + file);
    ASSERT_EQ(fonts.status, 0) << fonts.out;
    for (const std::string& want : c.fonts) {
      bool found = false;
      std::istringstream in(fonts.out);
      for (std::string line; std::getline(in, line);) {
        std::istringstream cols(line);
        std::vector<std::string> col{std::istream_iterator<std::string>(cols), {}};
        if (col.size() < 6 || col[0].find("+" + want) == std::string::npos) continue;
        found = true;
        EXPECT_EQ(col[col.size() - 5], "yes") << "not embedded: " << line;
      }
      EXPECT_TRUE(found) << want << " missing from\n" << fonts.out;
    }

    // Metadata, and an intact file after the incremental update that adds /Lang.
    const CmdResult info = run("pdfinfo " + file);
    EXPECT_EQ(info.status, 0);
    EXPECT_NE(info.out.find("Title:"), std::string::npos) << info.out;
    EXPECT_NE(info.out.find(title), std::string::npos) << info.out;
    EXPECT_EQ(info.out.find("Error"), std::string::npos) << info.out;

    // Page 1 as an image, to look at (KP_KEEP_TEST_OUTPUT=1).
    EXPECT_EQ(run("pdftoppm -png -r 60 -f 1 -l 1 -singlefile " + file + " " + (dir_ / ("page1-" + c.lang)).string()).status, 0);
    EXPECT_GT(fs::file_size(dir_ / ("page1-" + c.lang + ".png")), 1000u);
  }
}

TEST_F(BrochureTest, BreaksPagesBetweenBlocksAndNumbersThem) {
  if (!have_poppler()) GTEST_SKIP() << "poppler-utils is not installed";
  std::vector<Offer> offers;
  for (int i = 0; i < 40; ++i) {
    char id[16], name[32];
    std::snprintf(id, sizeof id, "offer-%02d", i);
    std::snprintf(name, sizeof name, "Tilbudnummer%02d", i);
    Offer o = offer(id, name);
    std::string summary = "Oppsummering" + std::string(name + 12);
    // Some long texts so that blocks differ in height and some wrap over many lines.
    for (int k = 0; k < (i % 5) * 12; ++k) summary += " litt mer tekst";
    put(o.texts, "summary", "nb", summary);
    offers.push_back(std::move(o));
  }
  ASSERT_NO_FATAL_FAILURE(load(offers));
  auto pdf = brochure_pdf(*snap_, list_, catalogs_->get("nb"), "Alle tilbud");
  ASSERT_TRUE(pdf) << pdf.error().detail;
  const std::string file = write("many.pdf", *pdf);
  const CmdResult info = run("pdfinfo " + file);
  const size_t at = info.out.find("Pages:");
  ASSERT_NE(at, std::string::npos);
  const int pages = std::atoi(info.out.c_str() + at + 6);
  ASSERT_GT(pages, 3);

  std::set<std::string> seen;
  for (int p = 1; p <= pages; ++p) {
    SCOPED_TRACE(p);
    const CmdResult text = run("pdftotext -q -enc UTF-8 -f " + std::to_string(p) + " -l " + std::to_string(p) + " " + file + " -");
    const auto got = words(text.out);
    EXPECT_TRUE(got.count(std::to_string(p)) && got.count(std::to_string(pages)) && got.count("Side"))
        << "footer: " << text.out;
    for (int i = 0; i < 40; ++i) {
      char n[8];
      std::snprintf(n, sizeof n, "%02d", i);
      // A heading is never left without its first line: the summary starts on its page.
      if (got.count(std::string("Tilbudnummer") + n)) {
        EXPECT_TRUE(got.count(std::string("Oppsummering") + n)) << "heading " << n << " alone on page " << p;
        seen.insert(n);
      }
    }
  }
  EXPECT_EQ(seen.size(), 40u);
}

TEST_F(BrochureTest, EmptyListStillMakesADocument) {
  ASSERT_NO_FATAL_FAILURE(load({}));
  auto pdf = brochure_pdf(*snap_, {}, catalogs_->get("ar"), "لا شيء");
  ASSERT_TRUE(pdf) << pdf.error().detail;
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
  if (!have_poppler()) return;
  const CmdResult text = run("pdftotext -q -enc UTF-8 " + write("empty.pdf", *pdf) + " -");
  // An untranslated English sentence in a right-to-left paragraph: its full stop moves.
  EXPECT_EQ(missing(text.out, "No offers found.", Match::letters), std::vector<std::string>{}) << text.out;
}

TEST_F(BrochureTest, ConcurrentCallsShareNothing) {
  ASSERT_NO_FATAL_FAILURE(load_sample());
  const std::vector<std::string> langs = {"nb", "ar", "ur", "ti", "ar", "ti", "ur", "nb"};
  std::vector<std::string> results(langs.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < langs.size(); ++i)
    threads.emplace_back([&, i] {
      auto pdf = brochure_pdf(*snap_, list_, catalogs_->get(langs[i]), "Tilbud");
      if (pdf) results[i] = std::move(*pdf);
    });
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < langs.size(); ++i) {
    SCOPED_TRACE(langs[i]);
    ASSERT_TRUE(results[i].starts_with("%PDF-"));
    if (!have_poppler()) continue;
    const std::string text = run("pdftotext -q -enc UTF-8 " + write("t" + std::to_string(i) + ".pdf", results[i]) + " -").out;
    const std::string& summary = langs[i] == "nb" ? kNbSummary : langs[i] == "ar" ? kArSummary : langs[i] == "ur" ? kUrSummary : kTiSummary;
    EXPECT_EQ(missing(text, summary, match_for(langs[i])), std::vector<std::string>{}) << text;
  }
}

}  // namespace
}  // namespace kp::pdf
