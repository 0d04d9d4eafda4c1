// The catalog's SQL. Functions take a store::Conn so callers compose them inside one
// transaction (Database::write) together with the audit record; each write also bumps the
// 'catalog' change counter so in-memory search snapshots rebuild.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::catalog {

using store::Conn;

// ---- reads -------------------------------------------------------------------------------
Result<std::vector<Municipality>> list_municipalities(Conn& c);
Result<std::optional<Municipality>> get_municipality(Conn& c, const std::string& id);
Result<std::vector<District>> list_districts(Conn& c, const std::string& municipality_id);
// All organisations of a municipality (all municipalities when empty), in Norwegian order.
Result<std::vector<Organization>> list_organizations(Conn& c, const std::string& municipality_id);
Result<std::optional<Organization>> get_organization(Conn& c, const std::string& id);
Result<std::vector<Category>> list_categories(Conn& c, const std::string& municipality_id);
Result<std::vector<Location>> list_locations(Conn& c, const std::string& municipality_id);
Result<std::optional<Location>> get_location(Conn& c, const std::string& id);

struct OfferQuery {
  std::string municipality_id;                  // empty: every municipality
  std::vector<OfferState> states;               // empty: every state
  std::vector<std::string> organization_ids;    // empty: every organisation
  std::optional<std::string> owner_user_id;
  std::optional<UnixSeconds> modified_after;
  std::optional<UnixSeconds> confirmed_before;  // last_confirmed_at < this
};
// Offers with their texts, categories and schedules, in Norwegian name order.
Result<std::vector<Offer>> list_offers(Conn& c, const OfferQuery& q);
Result<std::optional<Offer>> get_offer(Conn& c, const std::string& id);
// Who owns a row, for checks that an import does not take over another municipality's or
// offer's records: "" when the row does not exist.
Result<std::string> category_municipality(Conn& c, const std::string& category_id);
Result<std::string> schedule_offer(Conn& c, const std::string& schedule_id);
// The current value of the catalog change counter.
Result<std::int64_t> catalog_version(Conn& c);

// ---- writes (call inside Database::write) -------------------------------------------------
Status upsert_municipality(Conn& c, const Municipality& m, UnixSeconds now);
Status upsert_district(Conn& c, const District& d);
Status upsert_organization(Conn& c, const Organization& o, UnixSeconds now);
Status upsert_category(Conn& c, const Category& cat, UnixSeconds now);
Status upsert_location(Conn& c, const Location& l, UnixSeconds now);
Status set_editor_organizations(Conn& c, const std::string& user_id,
                                const std::vector<std::string>& organization_ids);
Result<std::vector<std::string>> editor_organizations(Conn& c, const std::string& user_id);

// Inserts a new offer with its texts (nb texts get their own hash as source), categories and
// schedules. Fails with conflict if the id exists.
Status insert_offer(Conn& c, const Offer& o, UnixSeconds now);
// Replaces an offer's fields, categories, schedules and the texts present in `o.texts`,
// if its stored version is `expected_version`; otherwise a conflict error ("changed by someone
// else"). Increments the version. When an nb text changes, other languages become outdated
// automatically (their source_hash no longer matches).
Status update_offer(Conn& c, const Offer& o, std::int64_t expected_version, UnixSeconds now);
// Inserts or replaces an offer as a whole (import): same id → update without version check.
Status replace_offer(Conn& c, const Offer& o, UnixSeconds now);
Status set_offer_state(Conn& c, const std::string& offer_id, OfferState state, UnixSeconds now);
Status confirm_offer(Conn& c, const std::string& offer_id, UnixSeconds now);
// Writes one translation of one field. For lang == nb the source hash is the text's own.
Status put_translation(Conn& c, const std::string& entity, const std::string& entity_id,
                       const std::string& field, const std::string& lang, const std::string& value,
                       bool machine, UnixSeconds now);
Status bump_catalog_version(Conn& c);

}  // namespace kp::catalog
