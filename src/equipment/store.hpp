// The equipment pool's stock SQL: sites, item types and items. Functions take a store::Conn so
// callers compose them with their audit record (audit::append) in one write transaction; every
// query is filtered by municipality. Loans: loan_store.hpp; maintenance: maintenance_store.hpp;
// decisions (what is lendable, when maintenance is due): rules.hpp.
//
// For equip-public (passes, reservations, figures): an item type with category "pass" and
// counted = true is a stock of passes; its items rows carry the quantity. Availability of a
// type right now = sum over its lendable items (rules::lendable) of Item::available().
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "equipment/model.hpp"
#include "store/database.hpp"

namespace kp::equipment {

using store::Conn;

// ---- sites ----------------------------------------------------------------------------------

// Sites of the municipality in Norwegian name order.
Result<std::vector<Site>> list_sites(Conn& c, const std::string& municipality_id);
// Inserts a site; `s.id` must be set.
Status insert_site(Conn& c, const std::string& municipality_id, const Site& s, UnixSeconds now);

// ---- item types -----------------------------------------------------------------------------

// Item types in category order of the stored code, then name.
Result<std::vector<ItemType>> list_types(Conn& c, const std::string& municipality_id);
Result<std::optional<ItemType>> get_type(Conn& c, const std::string& municipality_id, const std::string& id);
// Inserts a type; `t.id` must be set.
Status insert_type(Conn& c, const std::string& municipality_id, const ItemType& t, UnixSeconds now);
// Replaces the type's fields if its version is `expected_version`; otherwise conflict
// "Someone else changed this in the meantime. Check and save again.".
Status update_type(Conn& c, const std::string& municipality_id, const ItemType& t,
                   std::int64_t expected_version, UnixSeconds now);

// ---- items ----------------------------------------------------------------------------------

struct ItemQuery {
  std::string municipality_id;
  std::string category;   // "" = all
  std::string type_id;    // "" = all
  std::string site_id;    // "" = all
  bool include_retired = false;
};
// Items with their type, category and site names, ordered by category, type name, number.
Result<std::vector<Item>> list_items(Conn& c, const ItemQuery& q);
Result<std::optional<Item>> get_item(Conn& c, const std::string& municipality_id, const std::string& id);
// The item with this label ('SKI-014', exact), if any.
Result<std::optional<Item>> find_item_by_number(Conn& c, const std::string& municipality_id,
                                                const std::string& number);
// Inserts an item; `i.id` must be set. Fails (invalid, field "number") when the number is
// already used in the municipality.
Status insert_item(Conn& c, const std::string& municipality_id, const Item& i, UnixSeconds now);
// Replaces number, type, condition, site, note and quantity if the version is
// `expected_version` (else conflict); the photo is changed only through photo_store.hpp. Quantity cannot drop below what is lent out (invalid,
// field "quantity").
Status update_item(Conn& c, const std::string& municipality_id, const Item& i,
                   std::int64_t expected_version, UnixSeconds now);

// Takes `quantity` of the item out of stock inside the caller's transaction, only if that many
// are available (conflict "Not enough of this item is available." otherwise) — the guard that
// keeps counted stock from going below zero, whatever runs concurrently.
Status take_out(Conn& c, const std::string& municipality_id, const std::string& item_id,
                std::int64_t quantity, UnixSeconds now);
// Puts `quantity` back (never below zero out).
Status put_back(Conn& c, const std::string& municipality_id, const std::string& item_id,
                std::int64_t quantity, UnixSeconds now);

}  // namespace kp::equipment
