#include "catalog/search.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "catalog/rrule.hpp"
#include "catalog/store.hpp"
#include "core/text.hpp"

namespace kp::catalog {
namespace {

bool parse_int(std::string_view s, int& out) {
  s = text::trim(s);
  if (s.empty() || s.size() > 9) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

void add_words(std::unordered_map<std::string, float>& best, const std::string& s, float weight) {
  for (auto& w : text::words(text::fold(s))) {
    float& b = best[w];
    b = std::max(b, weight);
  }
}

}  // namespace

SearchQuery parse_search_query(const std::vector<std::pair<std::string, std::string>>& params,
                               std::vector<FieldError>& errors, int max_per_page) {
  SearchQuery q;
  for (const auto& [key, raw] : params) {
    const std::string_view value = text::trim(raw);
    if (value.empty()) continue;
    if (key == "q") {
      if (text::length_utf8(value) > 200) errors.push_back({"q", "The search text is too long (at most 200 characters)."});
      else q.q = std::string(value);
    } else if (key == "age") {
      int age = 0;
      if (!parse_int(value, age) || age < 0 || age > 120) errors.push_back({"age", "Age must be a whole number from 0 to 120."});
      else q.age = age;
    } else if (key == "free") {
      q.free_only = value == "1" || value == "true" || value == "on";
    } else if (key == "district") {
      q.district_id = std::string(value.substr(0, 64));
    } else if (key == "category") {
      q.category = std::string(value.substr(0, 64));
    } else if (key == "language") {
      q.language = std::string(value.substr(0, 8));
    } else if (key == "day") {
      int d = 0;
      if (!parse_int(value, d) || d < 1 || d > 7) errors.push_back({"day", "Choose a weekday from the list."});
      else q.weekday = d;
    } else if (key == "from" || key == "to") {
      CivilDate d;
      if (!parse_iso_date(value, d)) errors.push_back({key, "Write the date as YYYY-MM-DD, for example 2026-12-01."});
      else (key == "from" ? q.from : q.to) = d;
    } else if (key == "page") {
      int p = 0;
      if (!parse_int(value, p) || p < 1 || p > 100000) errors.push_back({"page", "The page number is not valid."});
      else q.page = p;
    } else if (key == "per_page") {
      int p = 0;
      if (!parse_int(value, p) || p < 1 || p > max_per_page) errors.push_back({"per_page", "The number per page is not valid."});
      else q.per_page = p;
    } else if (key == "kommune" || key == "municipality") {
      q.municipality_ids.emplace_back(value.substr(0, 8));
    }
  }
  if (q.from && q.to && *q.to < *q.from) {
    errors.push_back({"to", "The end date must be on or after the start date."});
    q.to.reset();
  }
  return q;
}

Result<std::shared_ptr<const Snapshot>> Snapshot::load(store::Database& db) {
  auto snap = std::make_shared<Snapshot>();
  KP_TRY(db.with_read([&](store::Conn& c) -> Status {
    auto version = catalog_version(c);
    if (!version) return pass(version);
    snap->version_ = *version;
    auto m = list_municipalities(c);
    if (!m) return pass(m);
    snap->municipalities_ = std::move(*m);
    auto d = list_districts(c, "");
    if (!d) return pass(d);
    snap->districts_ = std::move(*d);
    auto o = list_organizations(c, "");
    if (!o) return pass(o);
    snap->organizations_ = std::move(*o);
    auto cat = list_categories(c, "");
    if (!cat) return pass(cat);
    snap->categories_ = std::move(*cat);
    auto l = list_locations(c, "");
    if (!l) return pass(l);
    snap->locations_ = std::move(*l);
    OfferQuery q;
    q.states = {OfferState::published};
    auto offers = list_offers(c, q);
    if (!offers) return pass(offers);
    snap->offers_ = std::move(*offers);
    return {};
  }));
  Snapshot& s = *snap;
  for (size_t i = 0; i < s.municipalities_.size(); ++i) s.municipality_by_id_[s.municipalities_[i].id] = i;
  for (size_t i = 0; i < s.districts_.size(); ++i) s.district_by_id_[s.districts_[i].id] = i;
  for (size_t i = 0; i < s.organizations_.size(); ++i) s.org_by_id_[s.organizations_[i].id] = i;
  for (size_t i = 0; i < s.categories_.size(); ++i) s.category_by_id_[s.categories_[i].id] = i;
  for (size_t i = 0; i < s.locations_.size(); ++i) s.location_by_id_[s.locations_[i].id] = i;

  // Inverted index over every language's text: a family may search in any language they know.
  std::unordered_map<std::string, std::vector<Posting>> index;
  s.weekday_masks_.resize(s.offers_.size());
  for (size_t i = 0; i < s.offers_.size(); ++i) {
    const Offer& o = s.offers_[i];
    s.offer_by_id_[o.id] = i;
    s.by_municipality_[o.municipality_id].push_back(static_cast<std::uint32_t>(i));
    unsigned mask = 0;
    for (const auto& sch : o.schedules) mask |= weekday_mask(sch);
    s.weekday_masks_[i] = mask;

    std::unordered_map<std::string, float> best;
    for (const auto& [field, langs] : o.texts) {
      const float w = field == "name" ? 4.f : field == "summary" ? 2.f : 1.f;
      for (const auto& [lang, t] : langs) add_words(best, t.value, w);
    }
    for (const auto& cid : o.category_ids)
      if (const Category* c = s.category(cid))
        for (const auto& [lang, t] : c->texts.count("name") ? c->texts.at("name") : std::map<std::string, Translation>{})
          add_words(best, t.value, 2.f);
    if (const Organization* org = s.organization(o.organization_id)) add_words(best, org->name, 1.f);
    if (o.location_id)
      if (const Location* l = s.location(*o.location_id)) {
        add_words(best, l->name, 1.f);
        add_words(best, l->city, 0.5f);
        if (l->district_id)
          if (const District* d = s.district(*l->district_id)) add_words(best, d->name, 1.f);
      }
    for (auto& [word, w] : best) index[word].push_back(Posting{static_cast<std::uint32_t>(i), w});
  }
  s.vocabulary_.reserve(index.size());
  for (auto& [word, p] : index) s.vocabulary_.push_back(word);
  std::sort(s.vocabulary_.begin(), s.vocabulary_.end());
  s.postings_.reserve(s.vocabulary_.size());
  for (const auto& w : s.vocabulary_) s.postings_.push_back(std::move(index[w]));
  return std::shared_ptr<const Snapshot>(std::move(snap));
}

Snapshot::Prepared Snapshot::prepare(const SearchQuery& q) const {
  Prepared p;
  p.municipalities = q.municipality_ids;
  // ?kommune=4601&kommune=4601 must not list the same offers twice.
  std::sort(p.municipalities.begin(), p.municipalities.end());
  p.municipalities.erase(std::unique(p.municipalities.begin(), p.municipalities.end()), p.municipalities.end());
  if (!q.category.empty()) {
    // Every category with this code (one per municipality) and, through parent links, every
    // sub-category under one: a sub-category counts for its parent.
    for (const auto& c : categories_) {
      for (const Category* up = &c; up; up = up->parent_id ? category(*up->parent_id) : nullptr)
        if (up->code == q.category) {
          p.category_ids.insert(c.id);
          break;
        }
    }
  }
  return p;
}

bool Snapshot::passes_filters(std::uint32_t idx, const SearchQuery& q, const Prepared& p) const {
  const Offer& o = offers_[idx];
  if (!p.municipalities.empty() &&
      !std::binary_search(p.municipalities.begin(), p.municipalities.end(), o.municipality_id))
    return false;
  if (q.age) {
    if (o.min_age && *q.age < *o.min_age) return false;
    if (o.max_age && *q.age > *o.max_age) return false;
  }
  if (q.free_only && !o.free) return false;
  if (!q.language.empty() &&
      std::find(o.languages.begin(), o.languages.end(), q.language) == o.languages.end())
    return false;
  if (!q.district_id.empty()) {
    const Location* l = o.location_id ? location(*o.location_id) : nullptr;
    if (!l || !l->district_id || *l->district_id != q.district_id) return false;
  }
  if (!q.category.empty()) {
    bool hit = false;
    for (const auto& cid : o.category_ids) hit = hit || p.category_ids.count(cid) > 0;
    if (!hit) return false;
  }
  if (q.modified_after && o.updated_at <= *q.modified_after) return false;
  if (q.weekday || q.from || q.to) {
    if (o.schedules.empty()) return false;
    if (q.weekday && !(weekday_masks_[idx] & (1u << *q.weekday))) return false;
    if (q.from || q.to) {
      const CivilDate from = q.from.value_or(CivilDate{1900, 1, 1});
      const CivilDate to = q.to.value_or(civil_from_days(days_from_civil(from) + 366));
      bool any = false;
      for (const auto& sch : o.schedules) any = any || occurs_between(sch, from, to);
      if (!any) return false;
    }
  }
  return true;
}

std::vector<std::uint32_t> Snapshot::infix_matches(const std::string& term) const {
  {
    std::lock_guard lock(infix_mu_);
    if (auto it = infix_cache_.find(term); it != infix_cache_.end()) return it->second;
  }
  std::vector<std::uint32_t> out;
  for (std::uint32_t v = 0; v < vocabulary_.size(); ++v)
    if (!vocabulary_[v].starts_with(term) && vocabulary_[v].find(term) != std::string::npos) out.push_back(v);
  std::lock_guard lock(infix_mu_);
  // Bounded: a flood of distinct search words must not grow memory without limit.
  if (infix_cache_.size() > 20000) infix_cache_.clear();
  infix_cache_.emplace(term, out);
  return out;
}

std::vector<const Offer*> Snapshot::offers_of(const std::string& municipality_id) const {
  std::vector<const Offer*> out;
  if (auto it = by_municipality_.find(municipality_id); it != by_municipality_.end())
    for (std::uint32_t i : it->second) out.push_back(&offers_[i]);
  return out;
}

SearchResult Snapshot::search(const SearchQuery& q, CivilDate today) const {
  (void)today;
  const Prepared prepared = prepare(q);
  // The candidates, ascending (= Norwegian name order): one municipality's offers when the
  // search is scoped, so a municipality's search costs the same in a national installation.
  std::vector<std::uint32_t> universe;
  const bool scoped = !prepared.municipalities.empty();
  if (scoped) {
    for (const auto& m : prepared.municipalities)
      if (auto it = by_municipality_.find(m); it != by_municipality_.end())
        universe.insert(universe.end(), it->second.begin(), it->second.end());
    std::sort(universe.begin(), universe.end());
  }
  const std::size_t n = scoped ? universe.size() : offers_.size();
  auto global = [&](std::size_t local) { return scoped ? universe[local] : static_cast<std::uint32_t>(local); };
  // Local position of a global offer index, or n when it is out of scope.
  auto local_of = [&](std::uint32_t g) -> std::size_t {
    if (!scoped) return g;
    auto it = std::lower_bound(universe.begin(), universe.end(), g);
    return it != universe.end() && *it == g ? static_cast<std::size_t>(it - universe.begin()) : n;
  };

  std::vector<std::uint32_t> hits;
  std::vector<float> score;
  const std::vector<std::string> terms = text::words(text::fold(q.q));
  if (terms.empty()) {
    for (std::size_t i = 0; i < n; ++i)
      if (passes_filters(global(i), q, prepared)) hits.push_back(global(i));
  } else {
    // Every term must match a word of the offer: whole word (full weight), word prefix
    // ("fotball" → "fotballtrening", ¾ weight) or, for terms of 4+ letters, inside a compound
    // word ("trening" → "fotballtrening", ½ weight). Terms are AND-ed; scores add up.
    score.assign(n, 0.f);
    std::vector<float> term_score(n);
    std::vector<std::uint16_t> matched(n, 0);
    for (const auto& term : terms) {
      std::fill(term_score.begin(), term_score.end(), 0.f);
      std::size_t df = 0;
      auto visit = [&](std::size_t v, float factor) {
        for (const Posting& p : postings_[v]) {
          const std::size_t l = local_of(p.offer);
          if (l == n) continue;
          if (term_score[l] == 0.f) ++df;
          term_score[l] = std::max(term_score[l], p.weight * factor);
        }
      };
      auto it = std::lower_bound(vocabulary_.begin(), vocabulary_.end(), term);
      for (; it != vocabulary_.end() && it->starts_with(term); ++it)
        visit(it - vocabulary_.begin(), it->size() == term.size() ? 1.f : 0.75f);
      if (term.size() >= 4)
        for (std::uint32_t v : infix_matches(term)) visit(v, 0.5f);
      // Rarer words count more, as in BM25's idf.
      const float idf = std::log(1.f + (n + 1.f) / (df + 0.5f));
      for (std::size_t i = 0; i < n; ++i)
        if (term_score[i] > 0) {
          score[i] += term_score[i] * idf;
          ++matched[i];
        }
    }
    std::vector<std::uint32_t> local_hits;
    for (std::size_t i = 0; i < n; ++i)
      if (matched[i] == terms.size() && passes_filters(global(i), q, prepared)) local_hits.push_back(static_cast<std::uint32_t>(i));
    std::stable_sort(local_hits.begin(), local_hits.end(), [&](auto a, auto b) { return score[a] > score[b]; });
    for (auto l : local_hits) hits.push_back(global(l));
  }
  SearchResult r;
  r.total = hits.size();
  r.pages = std::max<int>(1, static_cast<int>((hits.size() + q.per_page - 1) / q.per_page));
  r.page = std::min(q.page, r.pages);
  const size_t begin = static_cast<size_t>(r.page - 1) * q.per_page;
  for (size_t i = begin; i < hits.size() && i < begin + q.per_page; ++i) r.items.push_back(&offers_[hits[i]]);
  return r;
}

namespace {
template <class T>
const T* lookup(const std::unordered_map<std::string, std::size_t>& idx, const std::vector<T>& v,
                const std::string& id) {
  auto it = idx.find(id);
  return it == idx.end() ? nullptr : &v[it->second];
}
}  // namespace

const Offer* Snapshot::offer(const std::string& id) const { return lookup(offer_by_id_, offers_, id); }
const Organization* Snapshot::organization(const std::string& id) const { return lookup(org_by_id_, organizations_, id); }
const Location* Snapshot::location(const std::string& id) const { return lookup(location_by_id_, locations_, id); }
const District* Snapshot::district(const std::string& id) const { return lookup(district_by_id_, districts_, id); }
const Category* Snapshot::category(const std::string& id) const { return lookup(category_by_id_, categories_, id); }
const Municipality* Snapshot::municipality(const std::string& id) const {
  return lookup(municipality_by_id_, municipalities_, id);
}

const Category* Snapshot::category_by_code(const std::string& municipality_id, const std::string& code) const {
  for (const auto& c : categories_)
    if (c.municipality_id == municipality_id && c.code == code) return &c;
  return nullptr;
}

std::vector<const Category*> Snapshot::categories(const std::string& municipality_id) const {
  std::vector<const Category*> out;
  for (const auto& c : categories_)
    if (municipality_id.empty() || c.municipality_id == municipality_id) out.push_back(&c);
  return out;
}

Result<std::shared_ptr<const Snapshot>> SnapshotCache::get() {
  const UnixSeconds now = clock_.now();
  std::uint64_t seen_generation = 0;
  {
    std::lock_guard lock(mu_);
    if (current_ && !dirty_.load() && now - checked_at_ < interval_) return current_;
    seen_generation = generation_;
  }
  // Building takes seconds for a national catalog, so it happens outside mu_: requests keep
  // being served from the current snapshot. A due periodic check is done by one request while
  // the others go on; after a local write (dirty) the caller waits for the fresh snapshot, so
  // an editor finds a published offer at once.
  std::unique_lock build(build_mu_, std::defer_lock);
  if (!dirty_.load() && !build.try_lock()) {
    {
      std::lock_guard lock(mu_);
      if (current_) return current_;
    }
    build.lock();
  } else if (!build.owns_lock()) {
    build.lock();
  }
  std::shared_ptr<const Snapshot> current;
  {
    std::lock_guard lock(mu_);
    if (generation_ != seen_generation && !dirty_.load() && current_) return current_;
    current = current_;
  }
  const bool dirty = dirty_.exchange(false);
  if (current && !dirty) {
    auto v = db_.read([](store::Conn& c) { return catalog_version(c); });
    if (!v) return pass(v);
    if (*v == current->version()) {
      std::lock_guard lock(mu_);
      checked_at_ = now;
      ++generation_;
      return current_;
    }
  }
  auto snap = Snapshot::load(db_);
  if (!snap) {
    if (dirty) dirty_.store(true);
    return pass(snap);
  }
  std::lock_guard lock(mu_);
  current_ = *snap;
  checked_at_ = now;
  ++generation_;
  return current_;
}

}  // namespace kp::catalog
