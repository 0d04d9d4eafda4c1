#include "families/guard.hpp"

#include <fmt/format.h>

#include "app/app.hpp"
#include "families/store.hpp"

namespace kp::families {
namespace {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (static_cast<unsigned char>(ch) < 0x20) continue;
    out += ch;
  }
  return out + "\"";
}

}  // namespace

std::string today_iso(const Clock& clock) { return format_iso_date(to_oslo(clock.now()).date); }

audit::Entry family_audit(const web::Context& ctx, const std::string& action, const std::string& family_id,
                          const std::string& details) {
  return audit::Entry{ctx.actor ? ctx.actor->municipality_id : "", ctx.actor ? ctx.actor->user_id : "public",
                      action, "family", family_id, ctx.req.remote_addr, "", details};
}

Status log_list_view(const web::Context& ctx, const std::vector<std::string>& family_ids,
                     const std::string& page) {
  if (!ctx.app.settings.audit_reads || family_ids.empty()) return {};
  std::vector<audit::Entry> entries;
  entries.reserve(family_ids.size());
  const std::string details = fmt::format("{{\"page\":{}}}", json_string(page));
  for (const auto& id : family_ids) entries.push_back(family_audit(ctx, "family.list", id, details));
  ctx.read_audits.push_back(ctx.app.reads.record_async(std::move(entries)));
  return {};
}

policy::Decision guard(web::Context& ctx, policy::Permission p) {
  if (!ctx.actor) return policy::Decision::hidden;
  const std::string id = std::string(http::find(ctx.req.path_params, "id").value_or(""));
  if (id.empty()) return policy::Decision::hidden;
  // The family itself is read in the same transaction, for the handler (page_kit load_family).
  std::optional<Family> family;
  auto facts = ctx.app.db->read([&](store::Conn& c) -> Result<std::optional<policy::FamilyFacts>> {
    auto f = load_facts(c, id, ctx.actor->user_id, ctx.app.clock.now());
    if (!f || !*f) return f;
    auto fam = get_family(c, id);
    if (!fam) return pass(fam);
    family = std::move(*fam);
    return f;
  });
  if (!facts) return policy::Decision::forbidden;
  if (!*facts) return policy::Decision::hidden;
  const auto grounds = policy::family_grounds(*ctx.actor, **facts, today_iso(ctx.app.clock));
  auto decision = policy::family_decision(p, grounds, (*facts)->closed);
  // A team member's consent is scoped by kind of information too: the plan, the log and the
  // economy are separate, so a consent for "basic" alone opens only the household pages.
  if (decision == policy::Decision::allow && grounds == policy::FamilyGrounds::team) {
    std::string service;
    for (const auto& m : (*facts)->team)
      if (m.user_id == ctx.actor->user_id) service = m.service;
    if (!policy::consent_covers_info((*facts)->consents, service, policy::info_kind_of_route(ctx.req.route_name),
                                     today_iso(ctx.app.clock)))
      decision = policy::Decision::hidden;
  }
  if (decision != policy::Decision::allow) return decision;
  ctx.family = std::move(**facts);
  ctx.family_grounds = grounds;
  if (family) ctx.route_data = std::move(*family);
  const bool look = ctx.req.method == http::Method::GET || ctx.req.method == http::Method::HEAD;
  if (look && ctx.app.settings.audit_reads) {
    const std::string details = fmt::format("{{\"page\":{},\"grounds\":\"{}\"}}", json_string(ctx.req.route_name),
                                            policy::to_string(grounds));
    const char* action = grounds == policy::FamilyGrounds::emergency ? "family.view_emergency"
                         : grounds == policy::FamilyGrounds::status_only ? "family.view_status"
                                                                         : "family.view";
    ctx.read_audits.push_back(ctx.app.reads.record_async({family_audit(ctx, action, id, details)}));
  }
  return decision;
}

}  // namespace kp::families
