-- Activities with limited places (aktiviteter og påmelding): an activity is a catalog offer with
-- dates, sessions and places; guardians sign children up without an account; a waiting list,
-- offers of freed places, a reproducible lottery, and quiet reserved places for referred children.
-- Dates people type are ISO 'YYYY-MM-DD' TEXT; moments are BIGINT UTC seconds; money BIGINT øre.
--
-- Who holds a place: participants with status 'confirmed' or 'offered' (an offer holds the place
-- until it is accepted, declined or expires). Reserved places are part of `capacity`; which
-- participants hold them is known ONLY from activity_referrals, so ordinary participant queries
-- (lists, exports, figures, messages) cannot tell a referred child from any other.

CREATE TABLE activities (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  offer_id TEXT NOT NULL REFERENCES offers(id),
  title TEXT NOT NULL,
  title_sort TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  bring TEXT NOT NULL DEFAULT '',      -- what to bring (ta med)
  place TEXT NOT NULL DEFAULT '',      -- where it happens, in words
  starts_on TEXT NOT NULL,             -- 'YYYY-MM-DD'
  ends_on TEXT NOT NULL,               -- 'YYYY-MM-DD', inclusive
  capacity BIGINT NOT NULL,            -- all places, reserved ones included
  reserved_places BIGINT NOT NULL DEFAULT 0,  -- part of capacity kept for referred children
  age_min BIGINT,
  age_max BIGINT,
  price_ore BIGINT NOT NULL DEFAULT 0, -- 0: free
  signup_opens BIGINT NOT NULL,        -- UTC seconds
  signup_closes BIGINT NOT NULL,       -- UTC seconds
  allocation TEXT NOT NULL DEFAULT 'first_come',  -- first_come, lottery
  status TEXT NOT NULL DEFAULT 'draft',           -- draft, published, cancelled
  version BIGINT NOT NULL DEFAULT 1,   -- optimistic concurrency for staff edits
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX activities_public ON activities(municipality_id, status, starts_on);
CREATE INDEX activities_offer ON activities(offer_id, starts_on);

CREATE TABLE activity_sessions (       -- one meeting or period of an activity
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  activity_id TEXT NOT NULL REFERENCES activities(id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activity_sessions_activity ON activity_sessions(activity_id, starts_at);

CREATE TABLE signups (                 -- one guardian's application for one or more children
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  activity_id TEXT NOT NULL REFERENCES activities(id),
  guardian_name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'nb', -- messages go out in this language
  cancel_token_hash TEXT NOT NULL,     -- SHA-256 hex of the private cancel link's token
  source TEXT NOT NULL DEFAULT 'public',  -- public, staff (booked by staff; never says why)
  reminded_at BIGINT,                  -- the day-before reminder was queued
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX signups_cancel_token ON signups(cancel_token_hash);
CREATE INDEX signups_activity ON signups(activity_id, created_at);

CREATE TABLE participants (            -- a child on an activity
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  activity_id TEXT NOT NULL REFERENCES activities(id),
  signup_id TEXT NOT NULL REFERENCES signups(id),
  name TEXT NOT NULL,
  name_sort TEXT NOT NULL,
  birth_year BIGINT NOT NULL,
  needs TEXT NOT NULL DEFAULT '',      -- allergies, assistance …
  status TEXT NOT NULL,                -- applied, confirmed, waiting, offered, cancelled, declined, not_placed
  queue_no BIGINT NOT NULL,            -- order on the activity: arrival, or lottery order after a lottery
  offer_token_hash TEXT,               -- SHA-256 hex of the accept link's token while 'offered'
  offer_expires_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX participants_queue ON participants(activity_id, queue_no);
-- Covers the place counts (index-only) and the waiting list in queue order.
CREATE INDEX participants_status ON participants(municipality_id, activity_id, status, queue_no);
CREATE INDEX participants_signup ON participants(signup_id);
CREATE UNIQUE INDEX participants_offer_token ON participants(offer_token_hash);
CREATE INDEX participants_offer_expiry ON participants(municipality_id, status, offer_expires_at);

-- Who was referred (reserved place or lottery priority) and by whom. Read only by the booking
-- and lottery code and the family's own team; never joined into public or list queries.
CREATE TABLE activity_referrals (
  participant_id TEXT PRIMARY KEY REFERENCES participants(id),
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  activity_id TEXT NOT NULL REFERENCES activities(id),
  family_id TEXT REFERENCES families(id),
  booked_by TEXT NOT NULL REFERENCES users(id),
  place_kind TEXT NOT NULL,            -- reserved (holds a reserved place), public (reserved were full), priority (lottery priority only)
  created_at BIGINT NOT NULL
);
CREATE INDEX activity_referrals_activity ON activity_referrals(activity_id, place_kind);
CREATE INDEX activity_referrals_family ON activity_referrals(family_id);

CREATE TABLE attendance (
  participant_id TEXT NOT NULL REFERENCES participants(id),
  session_id TEXT NOT NULL REFERENCES activity_sessions(id),
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  present BIGINT NOT NULL,             -- 1 present, 0 absent
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (participant_id, session_id)
);
CREATE INDEX attendance_session ON attendance(session_id);

CREATE TABLE lottery_runs (            -- loddtrekning: reproducible from its seed
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  activity_id TEXT NOT NULL REFERENCES activities(id),
  seed TEXT NOT NULL,                  -- 16 hex digits (64 bits)
  run_at BIGINT NOT NULL,
  run_by TEXT NOT NULL,
  explanation TEXT NOT NULL            -- plain words, counts only: no names, no referrals
);
CREATE INDEX lottery_runs_activity ON lottery_runs(activity_id, run_at);
