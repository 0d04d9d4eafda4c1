-- The catalog (tilbudsoversikt), shaped like Open Referral HSDS 3.0.
-- Translatable text lives in `translations` (one row per entity, field and language), so every
-- text field exists per language, and a translation knows which Norwegian text it was made
-- from (source_hash) — when the Norwegian text changes, the translation is outdated.

CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  name TEXT NOT NULL,
  name_sort TEXT NOT NULL,
  org_type TEXT NOT NULL,              -- municipal, nav, voluntary, business, other
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX organizations_municipality ON organizations(municipality_id, name_sort);

CREATE TABLE user_organizations (      -- organisations a catalog editor may edit
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, organization_id)
);

CREATE TABLE categories (              -- HSDS taxonomy terms; names in translations
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  code TEXT NOT NULL,                  -- stable slug, e.g. 'sport-leisure'
  parent_id TEXT REFERENCES categories(id),
  position BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX categories_code ON categories(municipality_id, code);

CREATE TABLE locations (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  organization_id TEXT REFERENCES organizations(id),
  district_id TEXT REFERENCES districts(id),
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  postal_code TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  wheelchair_access BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
CREATE INDEX locations_municipality ON locations(municipality_id);

CREATE TABLE offers (                  -- HSDS service
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  organization_id TEXT NOT NULL REFERENCES organizations(id),
  location_id TEXT REFERENCES locations(id),
  state TEXT NOT NULL,                 -- draft, published, unpublished, archived
  name_sort TEXT NOT NULL,
  min_age BIGINT,
  max_age BIGINT,
  free BIGINT NOT NULL DEFAULT 1,
  fee_ore BIGINT,                      -- price in øre when not free
  capacity BIGINT,
  target_groups TEXT NOT NULL DEFAULT '',   -- comma list of codes
  languages TEXT NOT NULL DEFAULT 'nb',     -- languages the staff speak, comma list
  interpretation BIGINT NOT NULL DEFAULT 0, -- interpreter can be arranged
  contact_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  owner_user_id TEXT REFERENCES users(id),
  last_confirmed_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1    -- optimistic concurrency for editors
);
CREATE INDEX offers_municipality ON offers(municipality_id, state);
CREATE INDEX offers_organization ON offers(organization_id);
CREATE INDEX offers_updated ON offers(updated_at);

CREATE TABLE offer_categories (
  offer_id TEXT NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
  category_id TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  PRIMARY KEY (offer_id, category_id)
);

CREATE TABLE schedules (
  id TEXT PRIMARY KEY,
  offer_id TEXT NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
  starts_on TEXT NOT NULL,             -- local date YYYY-MM-DD (first occurrence)
  ends_on TEXT NOT NULL DEFAULT '',    -- local date of the last occurrence, '' for open-ended
  rrule TEXT NOT NULL DEFAULT '',      -- RFC 5545 RRULE; '' for a one-off date
  opens_at TEXT NOT NULL DEFAULT '',   -- local time HH:MM
  closes_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX schedules_offer ON schedules(offer_id);

CREATE TABLE translations (
  entity TEXT NOT NULL,                -- offer, organization, category, location
  entity_id TEXT NOT NULL,
  field TEXT NOT NULL,                 -- name, summary, description, application_process, …
  lang TEXT NOT NULL,
  value TEXT NOT NULL,
  source_hash TEXT NOT NULL,           -- hash of the nb text this was written from
  machine BIGINT NOT NULL DEFAULT 0,   -- machine-made, needs review
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (entity, entity_id, field, lang)
);

-- The hub's "one door in" contact per municipality.
ALTER TABLE municipalities ADD COLUMN hub_name TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN hub_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN hub_email TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN hub_address TEXT NOT NULL DEFAULT '';
ALTER TABLE municipalities ADD COLUMN hub_hours TEXT NOT NULL DEFAULT '';
