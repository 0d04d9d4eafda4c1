// The public activity pages: the list, one activity with its sign-up form, the receipt, the
// guardian's own sign-up behind a private link (cancel; accept or decline an offer) and the
// offer link from the message. No account; the dispatcher checks CSRF on every POST. Pages
// behind private links show first names only and are never cached.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "activities/enrolment.hpp"
#include "activities/enrolment_store.hpp"
#include "activities/pages.hpp"
#include "activities/public_views.hpp"
#include "activities/waitlist.hpp"
#include "app/app.hpp"
#include "auth/post_limit.hpp"
#include "catalog/pages.hpp"
#include "core/crypto.hpp"
#include "web/layout.hpp"
#include "web/url.hpp"

namespace kp::activities {
namespace {

using http::Method;
using policy::Permission;
using web::Context;

// Per client address at most 30 sign-ups in any hour (auth::PostLimit).
constexpr size_t kPostsPerHour = 30;

web::Page public_page(std::string title) {
  web::Page p;
  p.title = std::move(title);
  p.nav = "activities";
  return p;
}

std::string today(const Context& ctx) { return format_iso_date(to_oslo(ctx.app.clock.now()).date); }

// The municipalities the public pages show.
Result<std::vector<std::string>> scope(const Context& ctx) {
  auto snap = ctx.app.catalog.get();
  if (!snap) return pass(snap);
  auto ids = catalog::public_scope(ctx, **snap);
  if (ids.empty())
    for (const auto& m : (*snap)->municipalities()) ids.push_back(m.id);
  return ids;
}

// A published activity in the public scope, with its counts; nullopt when there is none.
Result<std::optional<ActivityCard>> find_public(const Context& ctx, const std::string& id) {
  auto munis = scope(ctx);
  if (!munis) return pass(munis);
  return ctx.app.db->read([&](store::Conn& c) -> Result<std::optional<ActivityCard>> {
    for (const auto& mid : *munis) {
      auto a = get_activity(c, mid, id);
      if (!a) return pass(a);
      if (!*a || (*a)->status != ActivityStatus::published) continue;
      auto counts = place_counts_quick(c, mid, **a);
      if (!counts) return pass(counts);
      return std::optional<ActivityCard>(ActivityCard{std::move(**a), *counts});
    }
    return std::optional<ActivityCard>{};
  });
}

bool plausible_token(std::string_view t) {
  return t.size() >= 40 && t.size() <= 64 &&
         std::all_of(t.begin(), t.end(), [](char ch) {
           return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                  ch == '_';
         });
}

http::Response gone(Context& ctx) {
  auto r = web::error_page(ctx, 404, ctx.tr("This link does not work any more"),
                           ctx.tr("The link may be old or already used. Look at your sign-up through the link in "
                                  "your receipt, or contact the people who run the activity."));
  web::no_store(r);
  return r;
}

// --- list and activity ---

http::Response list(Context& ctx) {
  auto munis = scope(ctx);
  if (!munis) return web::busy_page(ctx);
  const std::string day = today(ctx);
  auto cards = ctx.app.db->read([&](store::Conn& c) -> Result<std::vector<ActivityCard>> {
    std::vector<ActivityCard> out;
    for (const auto& mid : *munis) {
      auto acts = list_public_activities(c, mid, day);
      if (!acts) return pass(acts);
      auto counts = place_counts_all(c, mid);
      if (!counts) return pass(counts);
      for (auto& a : *acts) {
        PlaceCounts pc = (*counts)[a.id];
        pc.capacity = a.capacity;
        pc.reserved_places = a.reserved_places;
        out.push_back(ActivityCard{std::move(a), pc});
      }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& x, const auto& y) { return x.activity.starts_on < y.activity.starts_on; });
    return out;
  });
  if (!cards) return web::busy_page(ctx);
  auto p = public_page(ctx.tr("Activities"));
  p.description = ctx.tr("Activity weeks and other activities with limited places. Sign up here, without logging in.");
  p.body = activity_list(ctx, *cards, ctx.app.clock.now());
  auto r = web::render(ctx, p);
  web::no_store(r);  // places left change with every sign-up
  return r;
}

SignupForm read_form(const Context& ctx, int rows) {
  SignupForm f;
  f.guardian_name = ctx.field("guardian_name");
  f.phone = ctx.field("phone");
  f.email = ctx.field("email");
  f.language = ctx.field("language");
  for (int i = 1; i <= rows; ++i) {
    const std::string p = "child" + std::to_string(i) + "_";
    f.children.push_back({ctx.field(p + "name"), ctx.field(p + "birth_year"), ctx.field(p + "needs")});
  }
  return f;
}

int rows_of(const Context& ctx) {
  const std::string v = ctx.field("rows");
  int n = v.size() == 1 && v[0] >= '1' && v[0] <= '6' ? v[0] - '0' : 1;
  return std::clamp(n, 1, kMaxChildren);
}

http::Response detail_page(Context& ctx, const ActivityCard& card, const SignupForm& form, int rows,
                           const web::FieldErrors& errors, int status) {
  auto sessions = ctx.app.db->read([&](store::Conn& c) {
    return list_sessions(c, card.activity.municipality_id, card.activity.id);
  });
  if (!sessions) return web::busy_page(ctx);
  auto p = public_page(card.activity.title);
  p.body = activity_detail(ctx, card, *sessions, ctx.app.clock.now(), form, rows, errors);
  return render_private(ctx, p, status);
}

http::Response show(Context& ctx) {
  const std::string id(http::find(ctx.req.path_params, "id").value_or(""));
  auto card = find_public(ctx, id);
  if (!card) return web::busy_page(ctx);
  if (!*card) return web::not_found_page(ctx);
  int rows = 1;
  if (const std::string q = ctx.query("children"); q.size() == 1 && q[0] >= '1' && q[0] <= '6') rows = q[0] - '0';
  return detail_page(ctx, **card, {}, rows, {}, 200);
}

http::Response too_many(Context& ctx) {
  auto r = web::error_page(ctx, 429, ctx.tr("Too many sign-ups"),
                           ctx.tr("Many sign-ups have been sent from your connection. Please try again in an hour."));
  r.header("Retry-After", "3600");
  web::no_store(r);
  return r;
}

http::Response sign_up(Context& ctx, auth::PostLimit& limiter) {
  const std::string id(http::find(ctx.req.path_params, "id").value_or(""));
  auto card = find_public(ctx, id);
  if (!card) return web::busy_page(ctx);
  if (!*card) return web::not_found_page(ctx);
  const Activity& a = (*card)->activity;
  int rows = rows_of(ctx);
  SignupForm form = read_form(ctx, rows);
  if (!ctx.field("add_child").empty()) {
    // "Add another child" posts the form back with one more row; nothing is checked or stored.
    return detail_page(ctx, **card, form, std::min(rows + 1, kMaxChildren), {}, 200);
  }
  const UnixSeconds now = ctx.app.clock.now();
  if (!a.signup_open(now)) return detail_page(ctx, **card, form, rows, {}, 409);
  if (!limiter.allow(ctx.req.remote_addr)) return too_many(ctx);
  FieldErrorList errs;
  const int year = to_oslo(now).date.year;
  SignupInput in = check_signup(form, a, ctx.app.catalogs.enabled(), ctx.lang(), year, errs);
  if (!errs.empty()) {
    web::FieldErrors e;
    for (const auto& [f, msg] : errs) e.add(f, msg);
    return detail_page(ctx, **card, form, rows, e, 400);
  }
  auto out = ctx.app.enrolments.enrol(in, ctx.req.remote_addr);
  if (!out) {
    if (out.error().kind == ErrorKind::invalid) return detail_page(ctx, **card, form, rows, {}, 409);
    if (out.error().kind == ErrorKind::not_found) return web::not_found_page(ctx);
    return web::busy_page(ctx);
  }
  auto p = public_page(ctx.tr("Thank you, we have received your sign-up"));
  p.noindex = true;
  p.body = receipt(ctx, a, out->children, out->cancel_token);
  return render_private(ctx, p);
}

// --- the guardian's own sign-up (private link) ---

struct Own {
  Signup signup;
  Activity activity;
  std::vector<Participant> children;
};

Result<std::optional<Own>> load_own(Context& ctx, const std::string& token) {
  return ctx.app.db->read([&](store::Conn& c) -> Result<std::optional<Own>> {
    auto s = signup_by_cancel_hash(c, crypto::sha256_hex(token));
    if (!s) return pass(s);
    if (!*s) return std::optional<Own>{};
    auto a = get_activity(c, (*s)->municipality_id, (*s)->activity_id);
    if (!a) return pass(a);
    if (!*a) return std::optional<Own>{};
    auto kids = participants_of_signup(c, (*s)->municipality_id, (*s)->id);
    if (!kids) return pass(kids);
    return std::optional<Own>(Own{std::move(**s), std::move(**a), std::move(*kids)});
  });
}

std::string notice_for(const Context& ctx, std::string_view done) {
  if (done == "cancelled") return ctx.tr("The place is cancelled. Thank you for telling us.");
  if (done == "accepted") return ctx.tr("You have accepted the place. Welcome!");
  if (done == "declined") return ctx.tr("You have declined the place. It goes to the next on the waiting list.");
  if (done == "expired") return ctx.tr("The offer has run out, and the place has gone to the next on the waiting list.");
  return {};
}

http::Response own_page(Context& ctx) {
  const std::string token(http::find(ctx.req.path_params, "token").value_or(""));
  if (!plausible_token(token)) return gone(ctx);
  auto own = load_own(ctx, token);
  if (!own) return web::busy_page(ctx);
  if (!*own) return gone(ctx);
  auto p = public_page(ctx.tr("Your sign-up"));
  p.noindex = true;
  p.body = own_signup(ctx, (*own)->activity, (*own)->children, token, notice_for(ctx, ctx.query("done")));
  return render_private(ctx, p);
}

http::Response own_post(Context& ctx) {
  const std::string token(http::find(ctx.req.path_params, "token").value_or(""));
  if (!plausible_token(token)) return gone(ctx);
  auto own = load_own(ctx, token);
  if (!own) return web::busy_page(ctx);
  if (!*own) return gone(ctx);
  const std::string pid = ctx.field("participant");
  const auto it = std::find_if((*own)->children.begin(), (*own)->children.end(),
                               [&](const Participant& p) { return p.id == pid; });
  if (it == (*own)->children.end()) return web::not_found_page(ctx);
  const std::string action = ctx.field("action");
  const std::string& mid = (*own)->signup.municipality_id;
  const int hold = ctx.app.settings.offer_hold_hours;
  const auto& mailer = ctx.app.enrolments.mailer();
  std::string done;
  Status st;
  if (action == "cancel") {
    st = cancel_participant(*ctx.app.db, ctx.app.clock, mailer, hold, mid, pid, "public", ctx.req.remote_addr);
    done = "cancelled";
  } else if (action == "accept" || action == "decline") {
    st = answer_offer(*ctx.app.db, ctx.app.clock, mailer, hold, mid, pid, action == "accept", "public",
                      ctx.req.remote_addr);
    done = action == "accept" ? "accepted" : "declined";
  } else {
    return web::error_page(ctx, 400, ctx.tr("Something is missing"), ctx.tr("Choose what you want to do."));
  }
  if (!st) {
    if (st.error().kind == ErrorKind::invalid) done = "expired";
    else if (st.error().kind == ErrorKind::conflict) done = "";
    else return web::busy_page(ctx);
  }
  return http::Response::redirect(web::url("/activities/cancel/" + token, {{"done", done}}));
}

// --- the offer link ---

Result<std::optional<std::pair<Participant, Activity>>> load_offer(Context& ctx, const std::string& token) {
  return ctx.app.db->read([&](store::Conn& c) -> Result<std::optional<std::pair<Participant, Activity>>> {
    auto p = participant_by_offer_hash(c, crypto::sha256_hex(token));
    if (!p) return pass(p);
    if (!*p || (*p)->status != ParticipantStatus::offered) return std::optional<std::pair<Participant, Activity>>{};
    auto a = get_activity(c, (*p)->municipality_id, (*p)->activity_id);
    if (!a) return pass(a);
    if (!*a) return std::optional<std::pair<Participant, Activity>>{};
    return std::optional<std::pair<Participant, Activity>>(std::make_pair(std::move(**p), std::move(**a)));
  });
}

http::Response offer_page(Context& ctx) {
  const std::string token(http::find(ctx.req.path_params, "token").value_or(""));
  if (!plausible_token(token)) return gone(ctx);
  auto o = load_offer(ctx, token);
  if (!o) return web::busy_page(ctx);
  if (!*o) return gone(ctx);
  auto p = public_page(ctx.t.tr_args("A place for {child}", {{"child", first_name((*o)->first.name)}}));
  p.noindex = true;
  p.body = offer_answer(ctx, (*o)->second, (*o)->first, token);
  return render_private(ctx, p);
}

http::Response offer_post(Context& ctx) {
  const std::string token(http::find(ctx.req.path_params, "token").value_or(""));
  if (!plausible_token(token)) return gone(ctx);
  auto o = load_offer(ctx, token);
  if (!o) return web::busy_page(ctx);
  if (!*o) return gone(ctx);
  const std::string action = ctx.field("action");
  if (action != "accept" && action != "decline")
    return web::error_page(ctx, 400, ctx.tr("Something is missing"), ctx.tr("Choose what you want to do."));
  const Participant& part = (*o)->first;
  Status st = answer_offer(*ctx.app.db, ctx.app.clock, ctx.app.enrolments.mailer(), ctx.app.settings.offer_hold_hours,
                           part.municipality_id, part.id, action == "accept", "public", ctx.req.remote_addr);
  std::string heading, text;
  if (st) {
    heading = action == "accept" ? ctx.tr("You have accepted the place. Welcome!") : ctx.tr("Thank you for answering");
    text = action == "accept" ? ctx.tr("We have saved the place. You find your sign-up through the link in your receipt.")
                              : ctx.tr("You have declined the place. It goes to the next on the waiting list.");
  } else if (st.error().kind == ErrorKind::invalid) {
    heading = ctx.tr("The offer has run out");
    text = ctx.tr("The offer has run out, and the place has gone to the next on the waiting list.");
  } else if (st.error().kind == ErrorKind::conflict) {
    return gone(ctx);
  } else {
    return web::busy_page(ctx);
  }
  auto p = public_page(heading);
  p.noindex = true;
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><div class="ds-alert" data-color="{}" role="status"><p class="ds-paragraph">{}</p></div><p class="ds-paragraph" dir="auto">{}</p><p class="ds-paragraph"><a class="ds-link" href="/activities">{}</a></p>)",
                heading, st ? "success" : "warning", text, (*o)->second.title, ctx.tr("All activities"));
  return render_private(ctx, p);
}

}  // namespace

void register_public_routes(app::App& app) {
  auto limiter = std::make_shared<auth::PostLimit>(app.clock, kPostsPerHour);
  auto& r = app.router;
  r.add(Method::GET, "/activities", Permission::public_page, list);
  r.add(Method::GET, "/activities/{id:uuid}", Permission::public_page, show);
  r.add(Method::POST, "/activities/{id:uuid}", Permission::public_page,
        [limiter](Context& ctx) { return sign_up(ctx, *limiter); });
  r.add(Method::GET, "/activities/cancel/{token}", Permission::public_page, own_page);
  r.add(Method::POST, "/activities/cancel/{token}", Permission::public_page, own_post);
  r.add(Method::GET, "/activities/offer/{token}", Permission::public_page, offer_page);
  r.add(Method::POST, "/activities/offer/{token}", Permission::public_page, offer_post);
}

}  // namespace kp::activities
