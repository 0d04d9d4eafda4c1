#include "equipment/store.hpp"

#include "core/text.hpp"

namespace kp::equipment {
namespace {

using store::Row;
using store::Value;

Value opt_int(const std::optional<int>& v) {
  return v ? Value(static_cast<std::int64_t>(*v)) : Value(nullptr);
}

constexpr const char* kTypeColumns =
    "id, category, name, size, counted, maintenance_every_months, maintenance_after_each_loan, public, "
    "description, version, created_at, updated_at";

ItemType type_from_row(const Row& r) {
  ItemType t;
  t.id = r.text(0);
  t.category = r.text(1);
  t.name = r.text(2);
  t.size = r.text(3);
  t.counted = r.integer(4) != 0;
  if (auto m = r.opt_integer(5)) t.maintenance_every_months = static_cast<int>(*m);
  t.maintenance_after_each_loan = r.integer(6) != 0;
  t.is_public = r.integer(7) != 0;
  t.description = r.text(8);
  t.version = r.integer(9);
  t.created_at = r.integer(10);
  t.updated_at = r.integer(11);
  return t;
}

#define KP_ITEM_SELECT                                                                                     \
  "SELECT i.id, i.type_id, i.number, i.condition, i.site_id, i.note, i.photo, i.quantity, i.quantity_out, " \
  "i.last_maintained_on, i.maintenance_due, i.version, i.created_at, i.updated_at, t.name, t.size, "        \
  "t.category, COALESCE(s.name, ''), t.counted, t.maintenance_every_months, t.maintenance_after_each_loan " \
  "FROM items i JOIN item_types t ON t.id = i.type_id LEFT JOIN equipment_sites s ON s.id = i.site_id "

Item item_from_row(const Row& r) {
  Item i;
  i.id = r.text(0);
  i.type_id = r.text(1);
  i.number = r.text(2);
  i.condition = condition_from(r.text(3)).value_or(Condition::good);
  i.site_id = r.opt_text(4);
  i.note = r.text(5);
  i.photo = r.opt_text(6);
  i.quantity = r.integer(7);
  i.quantity_out = r.integer(8);
  i.last_maintained_on = r.text(9);
  i.maintenance_due = r.integer(10) != 0;
  i.version = r.integer(11);
  i.created_at = r.integer(12);
  i.updated_at = r.integer(13);
  i.type_name = r.text(14);
  i.type_size = r.text(15);
  i.category = r.text(16);
  i.site_name = r.text(17);
  i.counted = r.integer(18) != 0;
  if (auto m = r.opt_integer(19)) i.maintenance_every_months = static_cast<int>(*m);
  i.maintenance_after_each_loan = r.integer(20) != 0;
  return i;
}

Status number_free(Conn& c, const std::string& municipality_id, const Item& i) {
  auto row = c.query_one("SELECT id FROM items WHERE municipality_id = $1 AND number = $2",
                         {municipality_id, i.number});
  if (!row) return pass(row);
  if (*row && (*row)->text(0) != i.id) return invalid(N_("Another item already has this number."), "number");
  return {};
}

}  // namespace

Result<std::vector<Site>> list_sites(Conn& c, const std::string& municipality_id) {
  auto rows = c.query("SELECT id, name FROM equipment_sites WHERE municipality_id = $1 ORDER BY name_sort, id",
                      {municipality_id});
  if (!rows) return pass(rows);
  std::vector<Site> out;
  for (const auto& r : *rows) out.push_back(Site{r.text(0), r.text(1)});
  return out;
}

Status insert_site(Conn& c, const std::string& municipality_id, const Site& s, UnixSeconds now) {
  auto n = c.exec("INSERT INTO equipment_sites (id, municipality_id, name, name_sort, created_at) VALUES ($1, $2, $3, $4, $5)",
                  {s.id, municipality_id, s.name, text::nb_sort_key(s.name), now});
  if (!n) return pass(n);
  return {};
}

Result<std::vector<ItemType>> list_types(Conn& c, const std::string& municipality_id) {
  auto rows = c.query(std::string("SELECT ") + kTypeColumns +
                          " FROM item_types WHERE municipality_id = $1 ORDER BY category, name_sort, size, id",
                      {municipality_id});
  if (!rows) return pass(rows);
  std::vector<ItemType> out;
  for (const auto& r : *rows) out.push_back(type_from_row(r));
  return out;
}

Result<std::optional<ItemType>> get_type(Conn& c, const std::string& municipality_id, const std::string& id) {
  auto row = c.query_one(std::string("SELECT ") + kTypeColumns + " FROM item_types WHERE municipality_id = $1 AND id = $2",
                         {municipality_id, id});
  if (!row) return pass(row);
  if (!*row) return std::optional<ItemType>();
  return std::optional<ItemType>(type_from_row(**row));
}

Status insert_type(Conn& c, const std::string& municipality_id, const ItemType& t, UnixSeconds now) {
  auto n = c.exec(
      "INSERT INTO item_types (id, municipality_id, category, name, name_sort, size, counted, maintenance_every_months, "
      "maintenance_after_each_loan, public, description, created_at, updated_at, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1)",
      {t.id, municipality_id, t.category, t.name, text::nb_sort_key(t.name), t.size, std::int64_t(t.counted),
       opt_int(t.maintenance_every_months), std::int64_t(t.maintenance_after_each_loan), std::int64_t(t.is_public),
       t.description, now});
  if (!n) return pass(n);
  return {};
}

Status update_type(Conn& c, const std::string& municipality_id, const ItemType& t, std::int64_t expected_version,
                   UnixSeconds now) {
  auto n = c.exec(
      "UPDATE item_types SET category = $1, name = $2, name_sort = $3, size = $4, counted = $5, "
      "maintenance_every_months = $6, maintenance_after_each_loan = $7, public = $8, description = $9, "
      "updated_at = $10, version = version + 1 WHERE municipality_id = $11 AND id = $12 AND version = $13",
      {t.category, t.name, text::nb_sort_key(t.name), t.size, std::int64_t(t.counted),
       opt_int(t.maintenance_every_months), std::int64_t(t.maintenance_after_each_loan), std::int64_t(t.is_public),
       t.description, now, municipality_id, t.id, expected_version});
  if (!n) return pass(n);
  if (*n == 0) return fail(ErrorKind::conflict, N_("Someone else changed this in the meantime. Check and save again."));
  return {};
}

Result<std::vector<Item>> list_items(Conn& c, const ItemQuery& q) {
  auto rows = c.query(KP_ITEM_SELECT
                      "WHERE i.municipality_id = $1 AND ($2 = '' OR t.category = $2) AND ($3 = '' OR i.type_id = $3) "
                      "AND ($4 = '' OR i.site_id = $4) AND ($5 = 1 OR i.condition <> 'retired') "
                      "ORDER BY t.category, t.name_sort, t.size, i.number_sort, i.id",
                      {q.municipality_id, q.category, q.type_id, q.site_id, std::int64_t(q.include_retired)});
  if (!rows) return pass(rows);
  std::vector<Item> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(item_from_row(r));
  return out;
}

Result<std::optional<Item>> get_item(Conn& c, const std::string& municipality_id, const std::string& id) {
  auto row = c.query_one(KP_ITEM_SELECT "WHERE i.municipality_id = $1 AND i.id = $2", {municipality_id, id});
  if (!row) return pass(row);
  if (!*row) return std::optional<Item>();
  return std::optional<Item>(item_from_row(**row));
}

Result<std::optional<Item>> find_item_by_number(Conn& c, const std::string& municipality_id, const std::string& number) {
  auto row = c.query_one(KP_ITEM_SELECT "WHERE i.municipality_id = $1 AND i.number = $2", {municipality_id, number});
  if (!row) return pass(row);
  if (!*row) return std::optional<Item>();
  return std::optional<Item>(item_from_row(**row));
}

Status insert_item(Conn& c, const std::string& municipality_id, const Item& i, UnixSeconds now) {
  KP_TRY(number_free(c, municipality_id, i));
  auto n = c.exec(
      "INSERT INTO items (id, municipality_id, type_id, number, number_sort, condition, site_id, note, photo, quantity, "
      "quantity_out, last_maintained_on, maintenance_due, created_at, updated_at, version) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, 0, $12, $12, 1)",
      {i.id, municipality_id, i.type_id, i.number, text::nb_sort_key(i.number), to_string(i.condition),
       store::nullable(i.site_id), i.note, store::nullable(i.photo), i.quantity, i.last_maintained_on, now});
  if (!n) return pass(n);
  return {};
}

Status update_item(Conn& c, const std::string& municipality_id, const Item& i, std::int64_t expected_version,
                   UnixSeconds now) {
  KP_TRY(number_free(c, municipality_id, i));
  auto out = c.query_one("SELECT quantity_out FROM items WHERE municipality_id = $1 AND id = $2", {municipality_id, i.id});
  if (!out) return pass(out);
  if (!*out) return not_found();
  if (i.quantity < (*out)->integer(0))
    return invalid(N_("There cannot be fewer than are lent out right now."), "quantity");
  auto n = c.exec(
      "UPDATE items SET type_id = $1, number = $2, number_sort = $3, condition = $4, site_id = $5, note = $6, "
      "quantity = $7, updated_at = $8, version = version + 1 "
      "WHERE municipality_id = $9 AND id = $10 AND version = $11",
      {i.type_id, i.number, text::nb_sort_key(i.number), to_string(i.condition), store::nullable(i.site_id), i.note,
       i.quantity, now, municipality_id, i.id, expected_version});
  if (!n) return pass(n);
  if (*n == 0) return fail(ErrorKind::conflict, N_("Someone else changed this in the meantime. Check and save again."));
  return {};
}

Status take_out(Conn& c, const std::string& municipality_id, const std::string& item_id, std::int64_t quantity,
                UnixSeconds now) {
  auto n = c.exec(
      "UPDATE items SET quantity_out = quantity_out + $1, updated_at = $2, version = version + 1 "
      "WHERE municipality_id = $3 AND id = $4 AND quantity_out + $1 <= quantity",
      {quantity, now, municipality_id, item_id});
  if (!n) return pass(n);
  if (*n == 0) return fail(ErrorKind::conflict, N_("Not enough of this item is available."), "items");
  return {};
}

Status put_back(Conn& c, const std::string& municipality_id, const std::string& item_id, std::int64_t quantity,
                UnixSeconds now) {
  auto n = c.exec(
      "UPDATE items SET quantity_out = CASE WHEN quantity_out > $1 THEN quantity_out - $1 ELSE 0 END, "
      "updated_at = $2, version = version + 1 WHERE municipality_id = $3 AND id = $4",
      {quantity, now, municipality_id, item_id});
  if (!n) return pass(n);
  return {};
}

}  // namespace kp::equipment
