-- Equipment pool (utstyrslager): sites, item types, items (individually numbered or counted
-- stock), borrowers, loans with children as co-borrowers, maintenance plans and records.
-- Every row carries municipality_id. Dates a person types or chooses (due date, maintenance
-- date) are ISO 'YYYY-MM-DD' TEXT; moments are BIGINT UTC seconds; money is BIGINT øre.
-- Passes/tickets and reservations are added by 0009_equipment_public.sql on top of these
-- tables (a pass is an item type with category 'pass' and counted stock).

CREATE TABLE equipment_sites (         -- where equipment is kept (lager, hent-sted)
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  name TEXT NOT NULL,
  name_sort TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX equipment_sites_name ON equipment_sites(municipality_id, name_sort);

CREATE TABLE item_types (              -- e.g. 'Langrennski 150 cm', 'Sykkelhjelm S'
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  category TEXT NOT NULL,              -- ski, skates, helmet, bike, tent, sleeping_bag, life_jacket, pass, other …
  name TEXT NOT NULL,
  name_sort TEXT NOT NULL,
  size TEXT NOT NULL DEFAULT '',       -- as written: '150 cm', '36', 'S', ''
  counted BIGINT NOT NULL DEFAULT 0,   -- 1: counted stock (items.quantity); 0: individually numbered
  maintenance_every_months BIGINT,     -- NULL: no periodic plan
  maintenance_after_each_loan BIGINT NOT NULL DEFAULT 0,  -- 1: a return makes maintenance due
  public BIGINT NOT NULL DEFAULT 1,    -- 1: shown on the public "what can be borrowed" page
  description TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX item_types_category ON item_types(municipality_id, category, name_sort);

CREATE TABLE items (                   -- one numbered item, or one stock line of a counted type
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  type_id TEXT NOT NULL REFERENCES item_types(id),
  number TEXT NOT NULL,                -- label on the item, e.g. 'SKI-014'; unique per municipality
  number_sort TEXT NOT NULL,
  condition TEXT NOT NULL DEFAULT 'good',   -- good, worn, needs_repair, retired
  site_id TEXT REFERENCES equipment_sites(id),
  note TEXT NOT NULL DEFAULT '',
  photo TEXT,                          -- optional path/key of a photo; NULL when none
  quantity BIGINT NOT NULL DEFAULT 1,  -- stock; always 1 for numbered items
  quantity_out BIGINT NOT NULL DEFAULT 0,   -- currently lent out; 0 <= quantity_out <= quantity
  last_maintained_on TEXT NOT NULL DEFAULT '',  -- 'YYYY-MM-DD' or '' (never)
  maintenance_due BIGINT NOT NULL DEFAULT 0,    -- 1: returned since the last maintenance (after-each-loan plan)
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX items_number ON items(municipality_id, number);
CREATE INDEX items_type ON items(type_id);

CREATE TABLE borrowers (               -- the adult responsible for a loan (ansvarlig låner)
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  name TEXT NOT NULL,
  name_sort TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'nb', -- messages (reminders) go out in this language
  family_id TEXT REFERENCES families(id),   -- set when lent as part of a family's plan
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX borrowers_name ON borrowers(municipality_id, name_sort);
CREATE INDEX borrowers_phone ON borrowers(municipality_id, phone);

CREATE TABLE loans (                   -- utlån
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  borrower_id TEXT NOT NULL REFERENCES borrowers(id),
  out_at BIGINT NOT NULL,
  due_on TEXT NOT NULL,                -- 'YYYY-MM-DD', the last day of the loan
  returned_at BIGINT,                  -- NULL while out
  renewals BIGINT NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL REFERENCES users(id),
  returned_by TEXT REFERENCES users(id),
  family_id TEXT REFERENCES families(id),   -- lent as a measure in this family's plan
  measure_id TEXT REFERENCES measures(id),
  last_reminder_on TEXT NOT NULL DEFAULT '',  -- 'YYYY-MM-DD' of the last overdue reminder sent
  created_at BIGINT NOT NULL
);
CREATE INDEX loans_open ON loans(municipality_id, returned_at, due_on);
CREATE INDEX loans_borrower ON loans(borrower_id);

CREATE TABLE loan_items (
  loan_id TEXT NOT NULL REFERENCES loans(id),
  item_id TEXT NOT NULL REFERENCES items(id),
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  quantity BIGINT NOT NULL DEFAULT 1,
  return_condition TEXT NOT NULL DEFAULT '',  -- '' while out; good, worn, needs_repair at return
  PRIMARY KEY (loan_id, item_id)
);
CREATE INDEX loan_items_item ON loan_items(item_id);

CREATE TABLE loan_children (           -- children as co-borrowers (medlåntakere)
  loan_id TEXT NOT NULL REFERENCES loans(id),
  position BIGINT NOT NULL,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  child_name TEXT NOT NULL,
  birth_year BIGINT,                   -- NULL when not given
  PRIMARY KEY (loan_id, position)
);

CREATE TABLE maintenance_records (     -- vedlikehold done on an item
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  item_id TEXT NOT NULL REFERENCES items(id),
  done_on TEXT NOT NULL,               -- 'YYYY-MM-DD'
  what TEXT NOT NULL,
  cost_ore BIGINT NOT NULL DEFAULT 0,
  done_by_name TEXT NOT NULL,          -- who did it (staff, volunteer, shop), as written
  recorded_by TEXT NOT NULL REFERENCES users(id),
  recorded_at BIGINT NOT NULL
);
CREATE INDEX maintenance_records_item ON maintenance_records(item_id, done_on);
