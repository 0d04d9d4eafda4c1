#include "equipment/photo_store.hpp"

#include "core/base64.hpp"

namespace kp::equipment {

namespace {

Status item_exists(store::Conn& c, const std::string& municipality_id, const std::string& item_id) {
  auto r = c.query_one("SELECT 1 FROM items WHERE municipality_id = $1 AND id = $2", {municipality_id, item_id});
  if (!r) return pass(r);
  if (!*r) return not_found();
  return {};
}

}  // namespace

Status put_item_photo(store::Conn& c, const std::string& municipality_id, const ItemPhoto& p, UnixSeconds now) {
  KP_TRY(remove_item_photo(c, municipality_id, p.item_id, now));
  auto n = c.exec(
      "INSERT INTO item_photos (id, municipality_id, item_id, content_type, size, content_base64, uploaded_by, "
      "uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {p.id, municipality_id, p.item_id, p.content_type, static_cast<std::int64_t>(p.content.size()),
       base64::encode(p.content), p.uploaded_by, now});
  if (!n) return pass(n);
  auto u = c.exec("UPDATE items SET photo = $1, updated_at = $2 WHERE municipality_id = $3 AND id = $4",
                  {p.id, now, municipality_id, p.item_id});
  if (!u) return pass(u);
  return {};
}

Status remove_item_photo(store::Conn& c, const std::string& municipality_id, const std::string& item_id,
                         UnixSeconds now) {
  KP_TRY(item_exists(c, municipality_id, item_id));
  auto u = c.exec("UPDATE items SET photo = NULL, updated_at = $1 WHERE municipality_id = $2 AND id = $3",
                  {now, municipality_id, item_id});
  if (!u) return pass(u);
  auto d = c.exec("DELETE FROM item_photos WHERE municipality_id = $1 AND item_id = $2", {municipality_id, item_id});
  if (!d) return pass(d);
  return {};
}

Result<std::optional<ItemPhoto>> get_item_photo(store::Conn& c, const std::string& municipality_id,
                                                const std::string& photo_id) {
  auto r = c.query_one(
      "SELECT id, item_id, content_type, content_base64, uploaded_by, uploaded_at FROM item_photos "
      "WHERE municipality_id = $1 AND id = $2",
      {municipality_id, photo_id});
  if (!r) return pass(r);
  if (!*r) return std::optional<ItemPhoto>();
  const store::Row& row = **r;
  auto content = base64::decode(row.text(3));
  if (!content) return internal_error("item photo content is not base64");
  ItemPhoto p;
  p.id = row.text(0);
  p.item_id = row.text(1);
  p.content_type = row.text(2);
  p.content = std::move(*content);
  p.uploaded_by = row.text(4);
  p.uploaded_at = row.integer(5);
  return std::optional<ItemPhoto>(std::move(p));
}

}  // namespace kp::equipment
