// HTML of the equipment pool's public pages ("what can be borrowed now", the reservation form
// and its receipt) and the labels the public and staff pages of equip-public share. Counts
// only: nothing here ever shows who has borrowed what.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "equipment/pass_store.hpp"
#include "equipment/reservation_store.hpp"
#include "web/context.hpp"
#include "web/forms.hpp"
#include "web/html.hpp"

namespace kp::equipment {

// A category's name in the request's language ("Skis"), from equip-core's msgids.
std::string category_text(const web::Context& ctx, std::string_view code);
// A pass kind's name in the request's language ("Lift pass").
std::string pass_kind_label(const web::Context& ctx, PassKind k);
// A reservation status in the request's language ("Waiting for an answer" …).
std::string reservation_status_label(const web::Context& ctx, ReservationStatus s);
// "Skis, 150 cm" — the type's name with its size when it has one.
std::string type_title(std::string_view name, std::string_view size);

// The body of GET /equipment: per category a table of item type, size and how many can be
// borrowed now, with a link to reserve each. `municipality_query` ("" or "?kommune=…") keeps
// the visitor's municipality in the links.
web::Html availability_view(const web::Context& ctx, const std::string& municipality_name,
                            const std::vector<Availability>& rows, const std::string& municipality_query);

// The reservation form (GET and a POST with errors). `types` are the public item types.
web::Html reservation_form_view(const web::Context& ctx, const std::vector<Availability>& types,
                                const ReservationInput& in, const web::FieldErrors& errors,
                                const std::string& municipality_id, bool choose_municipality,
                                const std::vector<std::pair<std::string, std::string>>& municipalities);

// The receipt after a reservation request: the code and what happens next, no personal data.
web::Html reservation_receipt_view(const web::Context& ctx, const std::string& code, const std::string& hub_phone);

}  // namespace kp::equipment
