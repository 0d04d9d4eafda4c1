// Duplicates of a person: the possible duplicates a coordinator or team member may see (only
// in families they have grounds for), and merging one into the person they came from. The
// family named in the path is checked by the dispatcher (families::guard); the other family
// is checked here with the same policy, and anything the actor may not see is only counted.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "core/national_id.hpp"
#include "families/page_kit.hpp"
#include "families/guard.hpp"
#include "families/merge.hpp"
#include "families/pages.hpp"
#include "families/store.hpp"
#include "families/views.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace kp::families {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

// What the actor may do in another family, by the same rules the dispatcher applies.
struct OtherAccess {
  bool read = false;
  bool write = false;
};
Result<OtherAccess> access_to(store::Conn& c, const Context& ctx, const std::string& family_id) {
  auto facts = load_facts(c, family_id, ctx.actor->user_id, ctx.app.clock.now());
  if (!facts) return pass(facts);
  if (!*facts) return OtherAccess{};
  const auto grounds = policy::family_grounds(*ctx.actor, **facts, today_iso(ctx.app.clock));
  const bool closed = (*facts)->closed;
  return OtherAccess{policy::family_decision(Permission::family_read, grounds, closed) == policy::Decision::allow,
                     policy::family_decision(Permission::family_write, grounds, closed) == policy::Decision::allow};
}

struct Candidate {
  Person person;
  std::string family_reference, family_name;
  bool can_merge = false;
};

struct DuplicatesView {
  std::optional<Family> family;
  std::optional<Person> person;
  std::vector<Candidate> shown;
  int hidden = 0;
};

http::Response duplicates(Context& ctx) {
  const std::string fid = path_param(ctx, "id");
  const std::string pid = path_param(ctx, "person");
  DuplicatesView v;
  auto st = ctx.app.db->with_read([&](store::Conn& c) -> Status {
    auto f = get_family(c, fid);
    if (!f) return pass(f);
    if (!*f) return {};
    auto p = get_person(c, pid);
    if (!p) return pass(p);
    if (!*p || (*p)->family_id != fid || (*p)->merged_into) return {};
    v.family = std::move(**f);
    v.person = std::move(**p);
    auto dups = find_duplicates(c, v.family->municipality_id, *v.person);
    if (!dups) return pass(dups);
    std::map<std::string, std::pair<OtherAccess, Family>> families;  // family id → access, family
    for (auto& d : *dups) {
      auto it = families.find(d.family_id);
      if (it == families.end()) {
        auto acc = access_to(c, ctx, d.family_id);
        if (!acc) return pass(acc);
        Family other;
        if (acc->read) {
          auto of = get_family(c, d.family_id);
          if (!of) return pass(of);
          if (*of) other = std::move(**of);
          else acc->read = acc->write = false;
        }
        it = families.emplace(d.family_id, std::make_pair(*acc, std::move(other))).first;
      }
      const auto& [acc, other] = it->second;
      if (!acc.read) {
        ++v.hidden;
        continue;
      }
      v.shown.push_back({std::move(d), other.reference, other.name, acc.write});
    }
    return {};
  });
  if (!st) return web::busy_page(ctx);
  if (!v.family || !v.person) return web::not_found_page(ctx);
  // The page shows people of other families: those looks are recorded on those families too.
  std::vector<std::string> others;
  for (const auto& c : v.shown)
    if (c.person.family_id != fid && std::find(others.begin(), others.end(), c.person.family_id) == others.end())
      others.push_back(c.person.family_id);
  if (!log_list_view(ctx, others, "/staff/families/{id}/members/{person}/duplicates")) return web::busy_page(ctx);

  web::Page p;
  p.title = ctx.t.tr_args("Possible duplicates of {name}", {{"name", v.person->full_name()}});
  p.staff = true;
  p.nav = "families";
  p.noindex = true;
  Html& b = p.body;
  b.append(family_header(ctx, *v.family, FamilyTab::overview));
  b.append(R"(<h1 class="ds-heading" data-size="md">{}</h1>)", p.title);
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("These people have the same national identity number, or the same name and birth date. Merge only "
                  "when it is the same person registered twice. A child who lives in two households should stay in "
                  "both."));
  b.append(R"(<p class="ds-paragraph">{}</p>)",
           ctx.tr("When you merge, the person you came from is kept. Empty fields are filled in from the other "
                  "record, and consents move with it. The other record is kept for the history, but no longer shown "
                  "in its family."));
  if (v.shown.empty() && v.hidden == 0)
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No possible duplicates found."));
  if (!v.shown.empty()) {
    b.append(R"(<table class="ds-table kp-table" data-border><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col"><span class="kp-visually-hidden">{}</span></th></tr></thead><tbody>)",
             ctx.tr("Name"), ctx.tr("Born"), ctx.tr("National identity number"), ctx.tr("Family"), ctx.tr("Actions"));
    for (const auto& c : v.shown) {
      b.append("<tr><td>{}</td><td>{}</td><td>{}</td>", c.person.full_name(), date_label(ctx, c.person.birth_date),
               c.person.national_id ? mask_national_id(*c.person.national_id) : "");
      b.append(R"(<td><a class="ds-link" href="{}">{} {}</a></td><td>)", family_path(c.person.family_id),
               c.family_reference, c.family_name);
      if (c.can_merge)
        b.append(post_button(ctx, family_path(fid, "members/" + pid + "/merge"),
                             ctx.t.tr_args("Merge into {name}", {{"name", v.person->full_name()}}), false, "other",
                             c.person.id));
      else b.append("{}", ctx.tr("The family is closed."));
      b.append("</td></tr>");
    }
    b.append("</tbody></table>");
  }
  if (v.hidden > 0)
    b.append(R"(<div class="ds-alert" data-color="info"><p class="ds-paragraph">{}</p></div>)",
             ctx.t.trn("{n} more possible duplicate is registered in a family you do not work with. Ask a leader of "
                       "the hub.",
                       "{n} more possible duplicates are registered in families you do not work with. Ask a leader of "
                       "the hub.",
                       v.hidden));
  b.append(R"(<p class="ds-paragraph"><a class="ds-link" href="{}">{}</a></p>)",
           family_path(fid, "members/" + pid + "/edit"), ctx.tr("Back to the person"));
  auto r = web::render(ctx, p);
  web::no_store(r);
  return r;
}

http::Response merge(Context& ctx) {
  const std::string fid = path_param(ctx, "id");
  const std::string pid = path_param(ctx, "person");
  const std::string other = ctx.field("other");
  if (!ids::is_uuid(other)) return web::not_found_page(ctx);
  bool allowed = false;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    allowed = false;
    auto p = get_person(c, pid);
    if (!p) return pass(p);
    if (!*p || (*p)->family_id != fid || (*p)->merged_into) return {};
    if (!ctx.family) return {};  // the guard loaded the family's facts for this route
    // Only a person the duplicates page could offer: one that looks like the same person.
    auto dups = find_duplicates(c, ctx.family->municipality_id, **p);
    if (!dups) return pass(dups);
    const auto d = std::find_if(dups->begin(), dups->end(), [&](const Person& x) { return x.id == other; });
    if (d == dups->end()) return {};
    const std::string other_family = d->family_id;
    auto acc = access_to(c, ctx, other_family);
    if (!acc) return pass(acc);
    if (!acc->write) return {};
    KP_TRY(merge_persons(c, pid, other, ctx.actor->user_id, ctx.app.clock.now()));
    const std::string details = fmt::format(R"({{"kept":"{}","merged":"{}"}})", pid, other);
    KP_TRY(audit::append(c, ctx.app.clock, family_audit(ctx, "person.merge", fid, details)));
    if (other_family != fid)
      KP_TRY(audit::append(c, ctx.app.clock, family_audit(ctx, "person.merge", other_family, details)));
    allowed = true;
    return {};
  });
  if (!st) {
    if (st.error().kind == ErrorKind::invalid)
      return web::error_page(ctx, 409, ctx.tr(st.error().message.c_str()), ctx.tr("Go back and look again."));
    if (st.error().kind == ErrorKind::not_found) return web::not_found_page(ctx);
    return web::busy_page(ctx);
  }
  if (!allowed) return web::not_found_page(ctx);
  return http::Response::redirect(family_path(fid) + "?saved=1");
}

}  // namespace

void register_merge_routes(app::App& app) {
  auto& r = app.router;
  r.add(Method::GET, "/staff/families/{id:uuid}/members/{person:uuid}/duplicates", Permission::family_write,
        duplicates);
  r.add(Method::POST, "/staff/families/{id:uuid}/members/{person:uuid}/merge", Permission::family_write, merge);
}

}  // namespace kp::families
