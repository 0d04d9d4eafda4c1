#include "families/caseload_cache.hpp"

#include <tuple>

namespace kp::families {
namespace {

bool same_window(const CaseloadWindow& a, const CaseloadWindow& b) {
  return std::tie(a.today, a.consent_until, a.meetings_until, a.referral_older_than, a.contact_since) ==
         std::tie(b.today, b.consent_until, b.meetings_until, b.referral_older_than, b.contact_since);
}

}  // namespace

Result<std::shared_ptr<const Caseload>> CaseloadCache::get(store::Conn& c, const policy::Actor& actor,
                                                           const CaseloadWindow& w, UnixSeconds now) {
  auto version = family_data_version(c, actor.municipality_id);
  if (!version) return pass(version);
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(actor.user_id);
    if (it != entries_.end()) {
      const Entry& e = it->second;
      if (e.version == *version && e.municipality_id == actor.municipality_id && e.roles == actor.roles &&
          e.service == actor.service && same_window(e.window, w)) {
        ++hits_;
        return e.caseload;
      }
    }
    ++misses_;
  }
  auto ids = caseload_family_ids(c, actor, w.today, now);
  if (!ids) return pass(ids);
  auto loaded = load_caseload(c, actor, *ids, w);
  if (!loaded) return pass(loaded);
  auto caseload = std::make_shared<const Caseload>(std::move(*loaded));
  if (max_entries_ == 0) return caseload;
  std::lock_guard lock(mu_);
  if (entries_.size() >= max_entries_ && !entries_.contains(actor.user_id)) entries_.clear();
  entries_[actor.user_id] = Entry{actor.municipality_id, *version, actor.roles, actor.service, w, caseload};
  return caseload;
}

std::int64_t CaseloadCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

std::int64_t CaseloadCache::misses() const {
  std::lock_guard lock(mu_);
  return misses_;
}

}  // namespace kp::families
