// Attendance (oppmøte) on a phone: one page per session with a big toggle per child holding a
// place, saved in one transaction with its audit record. Choosing another session is a plain
// link list, so the page needs no JavaScript. The list shows children's names: a read of
// personal data, audited before it is shown.
#include <fmt/format.h>

#include <algorithm>

#include "activities/activity_store.hpp"
#include "activities/enrolment_store.hpp"
#include "activities/pages.hpp"
#include "activities/rules.hpp"
#include "activities/views.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "web/layout.hpp"

namespace kp::activities {
namespace {

using http::Method;
using policy::Permission;
using web::Context;
using web::Html;

struct Sheet {
  std::vector<Session> sessions;
  std::vector<Participant> children;  // holding a place, by name
  std::map<std::string, bool> marks;
};

Result<Sheet> load_sheet(Context& ctx, const Activity& a, const std::string& session_id) {
  return ctx.app.db->read([&](store::Conn& c) -> Result<Sheet> {
    Sheet s;
    auto se = list_sessions(c, a.municipality_id, a.id);
    if (!se) return pass(se);
    s.sessions = std::move(*se);
    auto pe = participants_of_activity(c, a.municipality_id, a.id);
    if (!pe) return pass(pe);
    for (auto& p : *pe)
      if (takes_attendance(p.status)) s.children.push_back(std::move(p));
    std::sort(s.children.begin(), s.children.end(), [](const Participant& x, const Participant& y) { return x.name < y.name; });
    if (!session_id.empty()) {
      auto m = attendance_of_session(c, a.municipality_id, session_id);
      if (!m) return pass(m);
      s.marks = std::move(*m);
    }
    return s;
  });
}

http::Response page(Context& ctx, const Activity& a, const Sheet& sheet, const Session* current) {
  auto p = staff_activity_page(ctx.t.tr_args("Attendance: {name}", {{"name", a.title}}));
  p.body.append(R"(<p class="ds-paragraph kp-muted"><a class="ds-link" href="{}">{}</a></p><h1 class="ds-heading" data-size="md">{}</h1>)",
                activity_path(a.id), a.title, ctx.tr("Attendance"));
  p.body.append(saved_notice(ctx));
  if (!current) {
    p.body.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("This activity has no sessions. Add dates and days on the edit page."));
    return render_private(ctx, p);
  }
  if (sheet.children.empty())
    p.body.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No child has a place yet."));
  else
    p.body.append(attendance_form(ctx, a.id, *current, sheet.children, sheet.marks));
  if (sheet.sessions.size() > 1) {
    p.body.append(R"(<nav aria-labelledby="other-sessions-h" class="kp-session-nav"><h2 class="ds-heading" data-size="xs" id="other-sessions-h">{}</h2><ul class="kp-list">)",
                  ctx.tr("Other sessions"));
    for (const auto& s : sheet.sessions)
      p.body.append(R"(<li><a class="ds-link" href="{}?session={}"{}>{}</a></li>)", activity_path(a.id, "attendance"), s.id,
                    s.id == current->id ? Html::trusted(R"( aria-current="page")") : Html(), session_label(ctx, s));
    p.body.append("</ul></nav>");
  }
  return render_private(ctx, p);
}

http::Response attendance_get(Context& ctx, const StaffActivity& s) {
  const Activity& a = s.activity;
  // Sessions first, to know which one opens; then the marks of that one.
  auto sessions = ctx.app.db->read([&](store::Conn& c) { return list_sessions(c, a.municipality_id, a.id); });
  if (!sessions) return web::busy_page(ctx);
  const auto chosen = attendance_session(*sessions, ctx.query("session"), ctx.app.clock.now());
  auto sheet = load_sheet(ctx, a, chosen.value_or(""));
  if (!sheet) return web::busy_page(ctx);
  const Session* current = nullptr;
  for (const auto& se : sheet->sessions)
    if (chosen && se.id == *chosen) current = &se;
  if (!sheet->children.empty() && !log_participant_view(ctx, a.id, sheet->children.size())) return web::busy_page(ctx);
  return page(ctx, a, *sheet, current);
}

http::Response attendance_post(Context& ctx, const StaffActivity& s) {
  const Activity& a = s.activity;
  std::string session_id = ctx.field("session");
  if (session_id.empty()) session_id = ctx.query("session");
  std::set<std::string> listed, present;
  for (const auto& [k, v] : ctx.form) {
    if (k == "child") listed.insert(v);
    else if (k == "present") present.insert(v);
  }
  const UnixSeconds now = ctx.app.clock.now();
  std::size_t saved = 0;
  bool unknown_session = false;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    saved = 0;
    unknown_session = false;
    auto sessions = list_sessions(c, a.municipality_id, a.id);
    if (!sessions) return pass(sessions);
    if (std::none_of(sessions->begin(), sessions->end(), [&](const Session& x) { return x.id == session_id; })) {
      unknown_session = true;
      return {};
    }
    auto people = participants_of_activity(c, a.municipality_id, a.id);
    if (!people) return pass(people);
    // Only children of this activity holding a place; ids from the form are never trusted alone.
    std::vector<std::pair<std::string, bool>> marks;
    for (const auto& p : *people)
      if (takes_attendance(p.status) && listed.count(p.id)) marks.emplace_back(p.id, present.count(p.id) > 0);
    KP_TRY(save_attendance(c, a.municipality_id, session_id, marks, ctx.actor->user_id, now));
    saved = marks.size();
    const auto here = std::count_if(marks.begin(), marks.end(), [](const auto& m) { return m.second; });
    return audit::append(c, ctx.app.clock,
                         activity_audit(ctx, "activity.attendance", a.id,
                                        fmt::format(R"({{"session":"{}","marked":{},"present":{}}})", session_id,
                                                    marks.size(), here)));
  });
  if (!st) return web::busy_page(ctx);
  if (unknown_session) return activity_not_found(ctx);
  return http::Response::redirect(activity_path(a.id, "attendance") + "?session=" + session_id + "&saved=1");
}

}  // namespace

void register_attendance_routes(app::App& app) {
  app.router.add(Method::GET, "/staff/activities/{id:uuid}/attendance", Permission::activity_manage, for_manageable(attendance_get));
  app.router.add(Method::POST, "/staff/activities/{id:uuid}/attendance", Permission::activity_manage, for_manageable(attendance_post));
}

}  // namespace kp::activities
