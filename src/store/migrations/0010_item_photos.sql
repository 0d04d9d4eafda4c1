-- Photos of equipment items (bilde av utstyret), on top of 0007_equipment.sql. items.photo holds
-- the id of the item's current photo; the bytes live here, base64 in TEXT like attachments
-- (one portable column type on both engines). An item has at most one photo: replacing or
-- removing it deletes the old row in the same transaction.

CREATE TABLE item_photos (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  item_id TEXT NOT NULL REFERENCES items(id),
  content_type TEXT NOT NULL,          -- image/jpeg or image/png, from the file's first bytes (core/image.hpp)
  size BIGINT NOT NULL,
  content_base64 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX item_photos_item ON item_photos(municipality_id, item_id);
