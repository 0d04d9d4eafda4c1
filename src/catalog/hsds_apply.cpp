// HSDS 3.0 import, second half: a validated import → the database, in the caller's
// transaction. Everything is read and checked before the first write, so a rejected import
// reports all its problems; the transaction makes it all or nothing either way.
//
// Merging: a record that exists keeps what HSDS does not carry (an offer's owner, capacity,
// summary, version and its other languages; a location's district; a category's position),
// and takes everything HSDS does carry from the file, so a field missing from the file is
// cleared. A record that would not change is not written at all, which keeps updated_at and
// makes a second import of the same file change nothing.
//
// Times: an updated offer gets updated_at = now. A created offer gets the document's
// last_modified (never later than now), because it is a copy of the source's record, and
// that is what makes export → import → export give identical documents.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "audit/audit.hpp"
#include "catalog/hsds.hpp"
#include "catalog/hsds_common.hpp"
#include "catalog/store.hpp"
#include "store/database.hpp"

namespace kp::catalog::hsds {
namespace {

// The offer text fields HSDS carries; "summary" has no HSDS field and is left alone.
constexpr const char* kOfferFields[] = {"name", "description", "application_process",
                                        "eligibility", "fees_description"};
constexpr const char* kNb = kSourceLanguage;

const std::string& exact(const Texts& t, const std::string& field, const std::string& lang) {
  static const std::string empty;
  auto f = t.find(field);
  if (f == t.end()) return empty;
  auto l = f->second.find(lang);
  return l == f->second.end() ? empty : l->second.value;
}

// Sets field/lang to the imported value; when lang is not nb and the record has no nb text,
// the value becomes its nb text too, so every record has a source text. Returns whether
// anything changed. The store's upserts write the whole Texts, other languages included.
bool merge_text(Texts& t, const std::string& field, const std::string& lang,
                const Texts& imported) {
  const std::string& value = exact(imported, field, lang);
  bool changed = false;
  if (lang != kNb && !value.empty() && exact(t, field, kNb).empty()) {
    t[field][kNb] = Translation{value, {}, false, 0};
    changed = true;
  }
  if (exact(t, field, lang) != value) {
    // A person's text, made from the nb text as it is now (0: the store stamps the time).
    const std::string hash = lang == kNb ? std::string() : source_hash_of(exact(t, field, kNb));
    t[field][lang] = Translation{value, hash, false, 0};
    changed = true;
  }
  return changed;
}

template <class T>
std::map<std::string, const T*> by_id(const std::vector<T>& v) {
  std::map<std::string, const T*> m;
  for (const T& x : v) m.emplace(x.id, &x);
  return m;
}

// Compared as HSDS carries them, so a stored "FREQ=DAILY;UNTIL=…" equals the
// "FREQ=WEEKLY;BYDAY=MO,…" an import of its export would write, and is left alone.
bool same_schedules(const std::vector<Schedule>& a, const std::vector<Schedule>& b) {
  const auto norm = [](const std::vector<Schedule>& v) {
    std::vector<Schedule> out;
    for (const Schedule& s : v) out.push_back(detail::normalized(s));
    std::sort(out.begin(), out.end(), [](const Schedule& x, const Schedule& y) { return x.id < y.id; });
    return out;
  };
  const auto na = norm(a), nb = norm(b);
  return std::equal(na.begin(), na.end(), nb.begin(), nb.end(), [](const Schedule& x, const Schedule& y) {
    return x.id == y.id && x.starts_on == y.starts_on && x.ends_on == y.ends_on &&
           x.rrule == y.rrule && x.opens_at == y.opens_at && x.closes_at == y.closes_at;
  });
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The fields an import sets, texts aside (merge_text reports those).
bool same_offer(const Offer& a, const Offer& b) {
  return a.organization_id == b.organization_id && a.location_id == b.location_id &&
         a.state == b.state && a.min_age == b.min_age && a.max_age == b.max_age &&
         a.free == b.free && a.fee_ore == b.fee_ore &&
         sorted(a.target_groups) == sorted(b.target_groups) &&
         a.languages == b.languages && a.interpretation == b.interpretation &&
         a.contact_name == b.contact_name && a.email == b.email && a.phone == b.phone &&
         a.url == b.url && a.last_confirmed_at == b.last_confirmed_at &&
         sorted(a.category_ids) == sorted(b.category_ids) &&
         same_schedules(a.schedules, b.schedules);
}

// What export made of a stored web address or e-mail. When an import brings back exactly
// that, the stored value is kept, so importing our own export changes nothing even where
// export had to tidy up (a bare host name became https://…; an odd e-mail was left out).
std::string keep_if_same(const std::string& stored, const std::string& imported, bool url) {
  const std::string exported = url ? detail::web_url(stored)
                                   : (detail::plausible_email(stored) ? stored : std::string());
  return exported == imported ? stored : imported;
}

struct Plan {
  std::vector<Organization> orgs;
  std::vector<Category> categories;
  std::vector<Location> locations;
  struct OfferWrite {
    Offer offer;
    UnixSeconds at = 0;
  };
  std::vector<OfferWrite> offers;
};

class Applier {
 public:
  Applier(Conn& c, const ParsedImport& p, const std::string& municipality_id,
          const std::string& lang, UnixSeconds now)
      : c_(c), p_(p), mid_(municipality_id), lang_(lang), now_(now) {}

  std::vector<ImportError> errors;
  ImportReport report;
  Plan plan;

  Status run() {
    auto m = get_municipality(c_, mid_);
    if (!m) return pass(m);
    if (!*m) return invalid("Municipality not found", "municipality");
    auto orgs = list_organizations(c_, mid_);
    if (!orgs) return pass(orgs);
    auto locs = list_locations(c_, mid_);
    if (!locs) return pass(locs);
    auto cats = list_categories(c_, mid_);
    if (!cats) return pass(cats);
    OfferQuery q;
    q.municipality_id = mid_;
    auto offers = list_offers(c_, q);
    if (!offers) return pass(offers);
    // The maps point into these, so they live as long as the Applier.
    org_rows_ = std::move(*orgs);
    loc_rows_ = std::move(*locs);
    cat_rows_ = std::move(*cats);
    offer_rows_ = std::move(*offers);
    orgs_ = by_id(org_rows_);
    locs_ = by_id(loc_rows_);
    cats_ = by_id(cat_rows_);
    offers_ = by_id(offer_rows_);
    for (const Category& cat : cat_rows_) {
      codes_.emplace(cat.code, cat.id);
      next_position_ = std::max(next_position_, cat.position + 1);
    }
    report.warnings = p_.warnings;
    KP_TRY(plan_organizations());
    KP_TRY(plan_categories());
    KP_TRY(plan_locations());
    KP_TRY(plan_offers());
    return {};
  }

 private:
  std::string where(const std::string& id, const char* fallback) const {
    auto it = p_.paths.find(id);
    return it == p_.paths.end() ? std::string(fallback) : it->second;
  }
  void error(const std::string& path, const std::string& record, const std::string& message) {
    errors.push_back(ImportError{path, record, message});
  }

  Status plan_organizations() {
    for (const Organization& in : p_.organizations) {
      auto it = orgs_.find(in.id);
      if (it == orgs_.end()) {
        auto other = get_organization(c_, in.id);
        if (!other) return pass(other);
        if (*other) {
          error(where(in.id, "organization"), "", "organization " + in.id + " belongs to another municipality");
          continue;
        }
      }
      Organization o = it == orgs_.end() ? Organization{} : *it->second;
      const bool created = it == orgs_.end();
      o.id = in.id;
      o.municipality_id = mid_;
      o.name = in.name;
      o.type = in.type;
      o.email = keep_if_same(o.email, in.email, false);
      o.phone = in.phone;
      o.website = keep_if_same(o.website, in.website, true);
      const bool texts_changed = merge_text(o.texts, "description", lang_, in.texts);
      const bool same = !created && !texts_changed && o.name == it->second->name &&
                        o.type == it->second->type && o.email == it->second->email &&
                        o.phone == it->second->phone && o.website == it->second->website;
      count(report.organizations, created, same);
      known_orgs_.insert(o.id);
      if (!same) plan.orgs.push_back(std::move(o));
    }
    for (const std::string& id : p_.referenced_organizations) {
      if (orgs_.count(id)) continue;
      error("organization_id", "", "organization " + id + " is neither in the file nor in the catalog");
    }
    for (const auto& [id, o] : orgs_) known_orgs_.insert(id);
    return {};
  }

  Status plan_categories() {
    std::set<std::string> known;
    for (const auto& [id, cat] : cats_) known.insert(id);
    for (const Category& in : p_.categories) {
      const std::string path = where(in.id, "taxonomy_term");
      auto it = cats_.find(in.id);
      if (it == cats_.end()) {
        // The same code is the same category: a file from another Knutepunkt (or an earlier
        // import with other ids) links to ours instead of making a twin.
        if (auto code = codes_.find(in.code); code != codes_.end()) {
          remap_[in.id] = code->second;
          report.categories.unchanged++;
          continue;
        }
        auto owner = category_municipality(c_, in.id);
        if (!owner) return pass(owner);
        if (!owner->empty()) {
          error(path, "", "taxonomy term " + in.id + " belongs to another municipality");
          continue;
        }
      } else if (auto code = codes_.find(in.code); code != codes_.end() && code->second != in.id) {
        error(path + ".code", "", "\"" + in.code + "\" is already the code of another category");
        continue;
      }
      const bool created = it == cats_.end();
      Category cat = created ? Category{} : *it->second;
      cat.id = in.id;
      cat.municipality_id = mid_;
      cat.code = in.code;
      if (created) cat.position = next_position_++;
      cat.parent_id.reset();
      if (in.parent_id) {
        const std::string parent = mapped(*in.parent_id);
        if (known.count(parent)) cat.parent_id = parent;
        else report.warnings.push_back(path + ".parent_id: parent term not in the file or the catalog; left out");
      }
      const bool texts_changed = merge_text(cat.texts, "name", lang_, in.texts);
      const bool same = !created && !texts_changed && cat.code == it->second->code &&
                        cat.parent_id == it->second->parent_id;
      count(report.categories, created, same);
      known.insert(cat.id);
      codes_[cat.code] = cat.id;
      if (!same) plan.categories.push_back(std::move(cat));
    }
    for (const std::string& id : p_.referenced_categories)
      if (!cats_.count(id))
        error("attributes", "", "taxonomy term " + id + " is neither in the file nor in the catalog");
    return {};
  }

  Status plan_locations() {
    for (const Location& in : p_.locations) {
      const std::string path = where(in.id, "location");
      auto it = locs_.find(in.id);
      if (it == locs_.end()) {
        auto other = get_location(c_, in.id);
        if (!other) return pass(other);
        if (*other) {
          error(path, "", "location " + in.id + " belongs to another municipality");
          continue;
        }
      }
      const bool created = it == locs_.end();
      Location l = created ? Location{} : *it->second;
      l.id = in.id;
      l.municipality_id = mid_;
      l.organization_id = in.organization_id;
      if (l.organization_id && !known_orgs_.count(*l.organization_id)) {
        report.warnings.push_back(path + ".organization_id: organization not in the file or the catalog; left out");
        l.organization_id.reset();
      }
      l.name = in.name;
      l.address = in.address;
      l.postal_code = in.postal_code;
      l.city = in.city;
      l.latitude = in.latitude;
      l.longitude = in.longitude;
      l.wheelchair_access = in.wheelchair_access;
      bool texts_changed = merge_text(l.texts, "accessibility", lang_, in.texts);
      texts_changed = merge_text(l.texts, "transportation", lang_, in.texts) || texts_changed;
      const Location* old = created ? nullptr : it->second;
      const bool same = old && !texts_changed && l.organization_id == old->organization_id &&
                        l.name == old->name && l.address == old->address &&
                        l.postal_code == old->postal_code && l.city == old->city &&
                        l.latitude == old->latitude && l.longitude == old->longitude &&
                        l.wheelchair_access == old->wheelchair_access;
      count(report.locations, created, same);
      if (!same) plan.locations.push_back(std::move(l));
    }
    for (const std::string& id : p_.referenced_locations)
      if (!locs_.count(id))
        error("location_id", "", "location " + id + " is neither in the file nor in the catalog");
    return {};
  }

  Status plan_offers() {
    for (const ParsedService& ps : p_.services) {
      const Offer& in = ps.offer;
      auto it = offers_.find(in.id);
      if (it == offers_.end()) {
        auto other = get_offer(c_, in.id);
        if (!other) return pass(other);
        if (*other) {
          error(ps.path + ".id", ps.record, "belongs to an offer of another municipality");
          continue;
        }
      }
      const bool created = it == offers_.end();
      const Offer* old = created ? nullptr : it->second;
      Offer o = created ? Offer{} : *old;
      o.id = in.id;
      o.municipality_id = mid_;
      o.organization_id = in.organization_id;
      o.location_id = in.location_id;
      o.state = in.state;
      o.min_age = in.min_age;
      o.max_age = in.max_age;
      o.free = in.free;
      o.fee_ore = in.fee_ore;
      // Same groups in another order is no change (export writes them in a fixed order).
      if (sorted(o.target_groups) != sorted(in.target_groups)) o.target_groups = in.target_groups;
      o.languages = in.languages;
      o.interpretation = in.interpretation;
      o.contact_name = in.contact_name;
      o.email = keep_if_same(o.email, in.email, false);
      o.phone = in.phone;
      o.url = keep_if_same(o.url, in.url, true);
      o.schedules = in.schedules;
      o.category_ids.clear();
      for (const std::string& id : in.category_ids) {
        const std::string cat = mapped(id);
        if (std::find(o.category_ids.begin(), o.category_ids.end(), cat) == o.category_ids.end())
          o.category_ids.push_back(cat);
      }
      // assured_date is a date; keep the stored instant when it falls on that date.
      if (!ps.assured_date) {
        o.last_confirmed_at = 0;
      } else if (!(old && old->last_confirmed_at > 0 &&
                   to_oslo(old->last_confirmed_at).date == *ps.assured_date)) {
        o.last_confirmed_at = from_oslo(LocalDateTime{*ps.assured_date, 0, 0, 0});
      }
      bool texts_changed = false;
      for (const char* f : kOfferFields)
        texts_changed = merge_text(o.texts, f, lang_, in.texts) || texts_changed;
      const bool same = old && !texts_changed && same_offer(o, *old);
      count(report.services, created, same);
      if (same) continue;
      KP_TRY(check_schedule_ids(ps, old));
      const UnixSeconds at =
          created && ps.last_modified ? std::min(*ps.last_modified, now_) : now_;
      if (created) o.created_at = at;
      o.updated_at = at;
      plan.offers.push_back({std::move(o), at});
    }
    return {};
  }

  // A schedule id of another offer would be taken over by this one; refuse instead.
  Status check_schedule_ids(const ParsedService& ps, const Offer* old) {
    for (const Schedule& s : ps.offer.schedules) {
      if (old && std::any_of(old->schedules.begin(), old->schedules.end(),
                             [&](const Schedule& x) { return x.id == s.id; }))
        continue;
      auto owner = schedule_offer(c_, s.id);
      if (!owner) return pass(owner);
      if (!owner->empty() && *owner != ps.offer.id)
        error(ps.path + ".schedules", ps.record, "schedule " + s.id + " belongs to another offer");
    }
    return {};
  }

  std::string mapped(const std::string& category_id) const {
    auto it = remap_.find(category_id);
    return it == remap_.end() ? category_id : it->second;
  }
  static void count(ImportCounts& c, bool created, bool same) {
    if (created) c.created++;
    else if (same) c.unchanged++;
    else c.updated++;
  }

  Conn& c_;
  const ParsedImport& p_;
  const std::string& mid_;
  const std::string& lang_;
  const UnixSeconds now_;
  std::vector<Organization> org_rows_;
  std::vector<Location> loc_rows_;
  std::vector<Category> cat_rows_;
  std::vector<Offer> offer_rows_;
  std::map<std::string, const Organization*> orgs_;
  std::map<std::string, const Location*> locs_;
  std::map<std::string, const Category*> cats_;
  std::map<std::string, const Offer*> offers_;
  std::map<std::string, std::string> codes_;  // category code → id
  std::map<std::string, std::string> remap_;  // imported term id → our category id
  std::set<std::string> known_orgs_;
  int next_position_ = 0;
};

std::string counts_json(const ImportCounts& c) {
  return fmt::format(R"({{"created":{},"updated":{},"unchanged":{}}})", c.created, c.updated,
                     c.unchanged);
}

}  // namespace

Result<ImportReport> apply(store::Conn& tx, const Clock& clock, const ParsedImport& parsed,
                           const std::string& municipality_id, const std::string& actor_id,
                           const ImportOptions& options, std::vector<ImportError>* errors) {
  if (errors) errors->clear();
  std::string lang = options.lang;
  for (char& ch : lang)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  const UnixSeconds now = clock.now();

  if (lang.size() < 2 || lang.size() > 3 ||
      !std::all_of(lang.begin(), lang.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }))
    return invalid("Not a language code", "lang");
  Applier a(tx, parsed, municipality_id, lang, now);
  KP_TRY(a.run());
  if (!a.errors.empty()) {
    Error e = detail::import_error(a.errors, false);
    if (errors) *errors = std::move(a.errors);
    return kp::unexpected<Error>(std::move(e));
  }

  // The upserts write each record's whole Texts (what put_translation would do per field).
  for (const Organization& o : a.plan.orgs) KP_TRY(upsert_organization(tx, o, now));
  for (const Category& cat : a.plan.categories) KP_TRY(upsert_category(tx, cat, now));
  for (const Location& l : a.plan.locations) KP_TRY(upsert_location(tx, l, now));
  for (const auto& w : a.plan.offers) KP_TRY(replace_offer(tx, w.offer, w.at));
  const bool changed = !a.plan.orgs.empty() || !a.plan.categories.empty() ||
                       !a.plan.locations.empty() || !a.plan.offers.empty();
  if (changed) KP_TRY(bump_catalog_version(tx));

  // Recorded even when nothing changed: who imported which file is worth knowing either way.
  const ImportReport& r = a.report;
  audit::Entry entry;
  entry.municipality_id = municipality_id;
  entry.actor_id = actor_id;
  entry.action = "catalog.import";
  entry.entity = "import";
  entry.entity_id = parsed.source_digest;
  entry.details = fmt::format(
      R"({{"format":"hsds-3.0","lang":"{}","services":{},"organizations":{},"locations":{},"categories":{}}})",
      lang, counts_json(r.services), counts_json(r.organizations), counts_json(r.locations),
      counts_json(r.categories));
  KP_TRY(audit::append(tx, clock, entry));
  return a.report;
}

Result<ImportReport> import_services(store::Database& db, const Clock& clock,
                                     std::string_view json, const std::string& municipality_id,
                                     const std::string& actor_id, const ImportOptions& options,
                                     std::vector<ImportError>* errors) {
  auto parsed = parse_and_validate(json, options, errors);
  if (!parsed) return pass(parsed);
  return db.write([&](store::Conn& tx) -> Result<ImportReport> {
    return apply(tx, clock, *parsed, municipality_id, actor_id, options, errors);
  });
}

}  // namespace kp::catalog::hsds
