// SQL for items' photos (item_photos, 0010_item_photos.sql). An item has at most one photo;
// items.photo holds its id, so a page can link to it without reading the bytes. Functions take
// the caller's store::Conn so the change and its audit record commit together.
#pragma once
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace kp::equipment {

struct ItemPhoto {
  std::string id;
  std::string item_id;
  std::string content_type;  // image/jpeg or image/png, already stripped of metadata
  std::string content;
  std::string uploaded_by;
  UnixSeconds uploaded_at = 0;
};

// Makes `p` the item's photo, deleting the one it replaces. not_found when the item is not the
// municipality's.
Status put_item_photo(store::Conn& c, const std::string& municipality_id, const ItemPhoto& p, UnixSeconds now);
// Removes the item's photo; a no-op when it has none. not_found when the item is not the
// municipality's.
Status remove_item_photo(store::Conn& c, const std::string& municipality_id, const std::string& item_id,
                         UnixSeconds now);
// The photo with this id, if it belongs to an item of the municipality. Internal error when the
// stored content is not valid base64.
Result<std::optional<ItemPhoto>> get_item_photo(store::Conn& c, const std::string& municipality_id,
                                                const std::string& photo_id);

}  // namespace kp::equipment
