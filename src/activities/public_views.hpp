// HTML of the public activity pages. Shows counts and the guardian's own entries only — never
// who else signed up, and never which places are reserved for referred children (the public
// sees the public places left).
#pragma once
#include <string>
#include <vector>

#include "activities/enrolment_rules.hpp"
#include "activities/model.hpp"
#include "web/context.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"

namespace kp::activities {

struct ActivityCard {
  Activity activity;
  PlaceCounts counts;
};

// The list of activities open to the public (cards: dates, age, price, places left).
web::Html activity_list(const web::Context& ctx, const std::vector<ActivityCard>& cards, UnixSeconds now);

// One activity: facts, sessions, what to bring, places, and the sign-up form (with `rows` child
// rows, 1–6) while sign-up is open.
web::Html activity_detail(const web::Context& ctx, const ActivityCard& card, const std::vector<Session>& sessions,
                          UnixSeconds now, const SignupForm& form, int rows, const web::FieldErrors& errors);

// The receipt after a sign-up: first names and status only, and the private link.
web::Html receipt(const web::Context& ctx, const Activity& a, const std::vector<Participant>& children,
                  const std::string& cancel_token);

// The guardian's own sign-up behind the private link: each child's status with buttons to
// cancel, or to accept or decline an offered place. `notice` is a translated line to show first.
web::Html own_signup(const web::Context& ctx, const Activity& a, const std::vector<Participant>& children,
                     const std::string& cancel_token, const std::string& notice);

// An offered place behind the offer link: accept or decline.
web::Html offer_answer(const web::Context& ctx, const Activity& a, const Participant& p, const std::string& token);

// "Ola Nordmann" → "Ola": pages behind private links show first names only.
std::string first_name(const std::string& name);

}  // namespace kp::activities
