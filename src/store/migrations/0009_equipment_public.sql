-- The equipment pool's public side (utstyrslager), on top of 0007_equipment.sql: passes and
-- tickets as counted stock with an expiry date, and the public's reservation requests.
-- Dates people type are ISO 'YYYY-MM-DD' TEXT; moments are BIGINT UTC seconds.

CREATE TABLE pass_batches (            -- a delivery of passes or tickets of one kind (kort/billetter)
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  kind TEXT NOT NULL,                  -- lift, swimming, climbing, cinema, other
  label TEXT NOT NULL DEFAULT '',      -- e.g. 'Dagskort Fjordvik alpinsenter'
  quantity BIGINT NOT NULL,            -- how many came in
  remaining BIGINT NOT NULL,           -- how many are still here; never below zero
  expires_on TEXT NOT NULL,            -- the last day they are valid
  received_on TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (quantity > 0 AND remaining >= 0 AND remaining <= quantity)
);
CREATE INDEX pass_batches_kind ON pass_batches(municipality_id, kind, expires_on);

CREATE TABLE pass_handouts (           -- passes given to a borrower or a family (utlevert)
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  batch_id TEXT NOT NULL REFERENCES pass_batches(id),
  kind TEXT NOT NULL,                  -- copied from the batch, for the figures
  count BIGINT NOT NULL,
  borrower_id TEXT,                    -- equip-core's borrower, when handed out at the counter
  family_id TEXT REFERENCES families(id),   -- when handed out as a measure in the family's plan
  measure_id TEXT REFERENCES measures(id),
  handed_out_on TEXT NOT NULL,         -- 'YYYY-MM-DD'
  handed_out_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  CHECK (count > 0)
);
CREATE INDEX pass_handouts_month ON pass_handouts(municipality_id, handed_out_on);
CREATE INDEX pass_handouts_family ON pass_handouts(family_id);

CREATE TABLE equipment_reservations (  -- the public asks to reserve an item type for dates
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  type_id TEXT NOT NULL REFERENCES item_types(id),
  quantity BIGINT NOT NULL DEFAULT 1,
  from_date TEXT NOT NULL,             -- 'YYYY-MM-DD', the day they want to pick it up
  to_date TEXT NOT NULL,               -- 'YYYY-MM-DD', the day they bring it back
  name TEXT NOT NULL,                  -- the adult who asks
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'nb', -- the answer goes out in this language
  children TEXT NOT NULL DEFAULT '',   -- children's names, optional, as written
  receipt TEXT NOT NULL,               -- the code on the receipt (no personal data)
  status TEXT NOT NULL,                -- requested, confirmed, declined, picked_up
  decided_by TEXT REFERENCES users(id),
  decided_at BIGINT,
  loan_id TEXT REFERENCES loans(id),   -- the loan it became at pick-up
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (quantity > 0)
);
CREATE INDEX equipment_reservations_status ON equipment_reservations(municipality_id, status, from_date);
CREATE UNIQUE INDEX equipment_reservations_receipt ON equipment_reservations(municipality_id, receipt);
