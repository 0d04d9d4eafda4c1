// libFuzzer target for catalog::parse_search_query (the query string of GET /offers and the
// API) and Snapshot::search over a small fixed catalog (search_fake_store.cpp). The input is
// decoded like a query string; input parse_form refuses is split on '&' and '=' raw, so the
// parser also sees bytes the HTTP layer would have stopped.
//
// Invariants beyond "does not crash": every parsed value is within its documented range and
// rejected values are reported on their own field; a search returns one valid page of offers
// that pass the explicit filters.
#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "catalog/search.hpp"
#include "core/text.hpp"
#include "fuzz_check.hpp"
#include "http/form.hpp"
#include "search_fake_store.hpp"

namespace {

std::shared_ptr<const kp::catalog::Snapshot> g_snapshot;

std::vector<std::pair<std::string, std::string>> params_of(std::string_view input) {
  if (auto form = kp::http::parse_form(input)) return std::move(*form);
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos <= input.size()) {
    std::size_t amp = input.find('&', pos);
    if (amp == std::string_view::npos) amp = input.size();
    const std::string_view piece = input.substr(pos, amp - pos);
    const std::size_t eq = piece.find('=');
    out.emplace_back(std::string(piece.substr(0, eq)),
                     eq == std::string_view::npos ? std::string() : std::string(piece.substr(eq + 1)));
    pos = amp + 1;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kp::fuzz::FakeDatabase db;
  auto snap = kp::catalog::Snapshot::load(db);
  if (!snap || (*snap)->offers().size() != 5) {
    std::fprintf(stderr, "fuzz_search_query: the fixed catalog did not load\n");
    std::abort();
  }
  g_snapshot = *snap;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto params = params_of(kp::fuzz::as_text(data, size));
  constexpr int kMaxPerPage = 50;
  std::vector<kp::catalog::FieldError> errors;
  const kp::catalog::SearchQuery q = kp::catalog::parse_search_query(params, errors, kMaxPerPage);

  static const std::set<std::string> kFields = {"q", "age", "day", "from", "to", "page", "per_page"};
  for (const auto& e : errors) {
    KP_FUZZ_CHECK(kFields.count(e.field) == 1, "errors name a known field");
    KP_FUZZ_CHECK(!e.message.empty(), "errors say why");
  }
  KP_FUZZ_CHECK(q.page >= 1 && q.page <= 100000, "page in range");
  KP_FUZZ_CHECK(q.per_page >= 1 && q.per_page <= kMaxPerPage, "per_page in range");
  KP_FUZZ_CHECK(!q.age || (*q.age >= 0 && *q.age <= 120), "age in range");
  KP_FUZZ_CHECK(!q.weekday || (*q.weekday >= 1 && *q.weekday <= 7), "weekday in range");
  KP_FUZZ_CHECK(!(q.from && q.to && *q.to < *q.from), "from is not after to");
  KP_FUZZ_CHECK(kp::text::length_utf8(q.q) <= 200, "q is at most 200 characters");
  KP_FUZZ_CHECK(q.district_id.size() <= 64 && q.category.size() <= 64 && q.language.size() <= 8,
                "free-text filters are capped");

  const auto result = g_snapshot->search(q, {2026, 3, 1});
  const auto& offers = g_snapshot->offers();
  KP_FUZZ_CHECK(result.total <= offers.size(), "no more hits than offers");
  KP_FUZZ_CHECK(result.pages >= 1 && result.page >= 1 && result.page <= result.pages,
                "the page is one of the pages");
  KP_FUZZ_CHECK(result.items.size() <= static_cast<std::size_t>(q.per_page), "one page at most");
  for (const kp::catalog::Offer* o : result.items) {
    KP_FUZZ_CHECK(o >= offers.data() && o < offers.data() + offers.size(), "items are offers");
    KP_FUZZ_CHECK(!q.age || ((!o->min_age || *o->min_age <= *q.age) &&
                             (!o->max_age || *q.age <= *o->max_age)),
                  "the age filter holds");
    KP_FUZZ_CHECK(!q.free_only || o->free, "the free filter holds");
    KP_FUZZ_CHECK(q.language.empty() || std::count(o->languages.begin(), o->languages.end(), q.language),
                  "the language filter holds");
    KP_FUZZ_CHECK(q.municipality_ids.empty() ||
                      std::count(q.municipality_ids.begin(), q.municipality_ids.end(), o->municipality_id),
                  "the municipality filter holds");
  }
  return 0;
}
