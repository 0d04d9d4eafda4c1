-- Family follow-up (familieoppfølging): households, people, concerns and referrals, consent,
-- coordinator and team, the family's plan, meetings, the log, progress, emergency access.
-- The most sensitive data in the system: every row carries municipality_id, every read and
-- change is audited by the application, and protected addresses live only in `families`
-- columns that no export or page reads while `address_protection` is set.
-- Dates a person types (birth date, deadlines, validity) are ISO 'YYYY-MM-DD' TEXT; moments
-- are BIGINT UTC seconds. Money is BIGINT øre.

-- The staff member's service (tjeneste), which consent is given to: health, nav, child_welfare,
-- ppt, school, kindergarten, culture, voluntary, hub. Empty for staff outside family work.
ALTER TABLE users ADD COLUMN service TEXT NOT NULL DEFAULT '';

CREATE TABLE families (                -- a household followed by the hub
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  reference TEXT NOT NULL,             -- short case number shown to staff, e.g. 'F-2026-0042'
  name TEXT NOT NULL,                  -- how staff call the household, e.g. 'Familien Berg'
  name_sort TEXT NOT NULL,
  status TEXT NOT NULL,                -- open, closed
  coordinator_id TEXT REFERENCES users(id),   -- stafettholder
  bti_level BIGINT NOT NULL DEFAULT 0, -- 0..3, history in family_bti
  address_protection TEXT NOT NULL DEFAULT 'none',  -- none, confidential (fortrolig), strict (strengt fortrolig)
  address TEXT NOT NULL DEFAULT '',    -- never shown or exported while address_protection <> 'none'
  postal_code TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  district_id TEXT REFERENCES districts(id),
  opened_at BIGINT NOT NULL,
  closed_at BIGINT,
  close_reason TEXT NOT NULL DEFAULT '',
  close_evaluation TEXT NOT NULL DEFAULT '',
  last_contact_at BIGINT,              -- newest log entry or meeting, for "no contact for N weeks"
  anonymised_at BIGINT,                -- set by `retention run`; the row then holds no personal data
  version BIGINT NOT NULL DEFAULT 1,   -- optimistic concurrency for the family's own fields
  plan_version BIGINT NOT NULL DEFAULT 1,  -- optimistic concurrency for goals and measures
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX families_reference ON families(municipality_id, reference);
CREATE INDEX families_coordinator ON families(coordinator_id, status);
CREATE INDEX families_status ON families(municipality_id, status, name_sort);

CREATE TABLE persons (                 -- members of a household
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  role TEXT NOT NULL,                  -- guardian, child, adult
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  name_sort TEXT NOT NULL,
  birth_date TEXT NOT NULL DEFAULT '', -- 'YYYY-MM-DD' or '' when unknown
  national_id TEXT,                    -- 11 digits (fødselsnummer / D-nummer), validated; NULL when not given
  language TEXT NOT NULL DEFAULT 'nb', -- preferred language (code)
  interpreter BIGINT NOT NULL DEFAULT 0,
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  school TEXT NOT NULL DEFAULT '',     -- school or kindergarten, for children
  merged_into TEXT REFERENCES persons(id),  -- set when this record was a duplicate; kept for history
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX persons_family ON persons(family_id);
CREATE INDEX persons_national_id ON persons(municipality_id, national_id);
CREATE INDEX persons_name_birth ON persons(municipality_id, name_sort, birth_date);

CREATE TABLE family_team (             -- named service employees working with the family
  family_id TEXT NOT NULL REFERENCES families(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  added_at BIGINT NOT NULL,
  added_by TEXT NOT NULL,
  PRIMARY KEY (family_id, user_id)
);
CREATE INDEX family_team_user ON family_team(user_id);

CREATE TABLE family_bti (              -- BTI level history (bedre tverrfaglig innsats)
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  level BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  set_by TEXT NOT NULL,
  set_at BIGINT NOT NULL
);
CREATE INDEX family_bti_family ON family_bti(family_id, set_at);

-- Concerns (undring/bekymring) from staff, referrals (henvisning) of a family to the hub, and
-- requests for contact from the public form. The hub accepts (→ a family) or declines.
CREATE TABLE referrals (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  kind TEXT NOT NULL,                  -- concern, referral, self (the public "I want help" form)
  status TEXT NOT NULL,                -- new, accepted, declined
  receipt TEXT NOT NULL,               -- short code given to the sender; no personal data
  from_user_id TEXT REFERENCES users(id),
  from_service TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL DEFAULT '',   -- guardian or person asking
  child_name TEXT NOT NULL DEFAULT '',
  child_birth_date TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT 'nb',
  interpreter BIGINT NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT '',
  consent_to_contact BIGINT NOT NULL DEFAULT 0,  -- the family knows and agrees to be contacted
  bti_level BIGINT NOT NULL DEFAULT 0,
  family_id TEXT REFERENCES families(id),     -- the family it became or was attached to
  decided_by TEXT,
  decided_at BIGINT,
  decision_reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX referrals_status ON referrals(municipality_id, status, created_at);
CREATE UNIQUE INDEX referrals_receipt ON referrals(municipality_id, receipt);

CREATE TABLE family_income (           -- for the EU-60 target group check; one row per year
  family_id TEXT NOT NULL REFERENCES families(id),
  year BIGINT NOT NULL,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  income_after_tax BIGINT NOT NULL,    -- øre
  adults BIGINT NOT NULL,
  children BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  PRIMARY KEY (family_id, year)
);

CREATE TABLE consents (                -- samtykke, also refusals
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  subject_person_id TEXT REFERENCES persons(id),  -- NULL: the whole family; else one young person's own consent
  given_by TEXT NOT NULL,              -- name(s) of who gave or refused it
  services TEXT NOT NULL,              -- comma-separated service codes
  info_kinds TEXT NOT NULL,            -- comma-separated kinds of information
  purpose TEXT NOT NULL,
  valid_from TEXT NOT NULL,            -- 'YYYY-MM-DD'
  valid_to TEXT NOT NULL,              -- 'YYYY-MM-DD', inclusive
  form TEXT NOT NULL,                  -- written, oral
  refused BIGINT NOT NULL DEFAULT 0,
  language TEXT NOT NULL DEFAULT 'nb', -- the language of the form shown to the family
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  withdrawn_at BIGINT,
  withdrawn_by TEXT,
  withdrawn_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consents_family ON consents(family_id);

CREATE TABLE attachments (             -- e.g. the signed consent form's scan
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  owner_kind TEXT NOT NULL,            -- consent
  owner_id TEXT NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  content_base64 TEXT NOT NULL,        -- base64 keeps one portable column type on both engines
  uploaded_by TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id);

CREATE TABLE goals (                   -- the family's plan: goals in the family's own words
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  area TEXT NOT NULL,                  -- housing, economy, work, health, participation, school, own
  own_area TEXT NOT NULL DEFAULT '',   -- the family's name for an own area
  text TEXT NOT NULL,
  status TEXT NOT NULL,                -- active, reached, dropped
  position BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX goals_family ON goals(family_id, position);

CREATE TABLE measures (                -- tiltak: what is done towards a goal
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  goal_id TEXT NOT NULL REFERENCES goals(id),
  text TEXT NOT NULL,
  responsible TEXT NOT NULL DEFAULT '',     -- service or person, as written
  responsible_user_id TEXT REFERENCES users(id),
  deadline TEXT NOT NULL DEFAULT '',   -- 'YYYY-MM-DD' or ''
  status TEXT NOT NULL,                -- planned, in_progress, done, not_done, dropped
  offer_id TEXT REFERENCES offers(id), -- a referral to an offer of the catalog
  referral_state TEXT NOT NULL DEFAULT '',  -- requested, accepted, declined, in_progress, completed, not_completed
  referral_reason TEXT NOT NULL DEFAULT '',
  referral_changed_at BIGINT,
  meeting_id TEXT,                     -- the meeting whose decision made it
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX measures_family ON measures(family_id);
CREATE INDEX measures_deadline ON measures(municipality_id, status, deadline);

CREATE TABLE meetings (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  held_on TEXT NOT NULL,               -- 'YYYY-MM-DD'
  starts_at TEXT NOT NULL DEFAULT '',  -- 'HH:MM'
  participants TEXT NOT NULL DEFAULT '',
  family_present BIGINT NOT NULL DEFAULT 1,
  agenda TEXT NOT NULL DEFAULT '',
  minutes TEXT NOT NULL DEFAULT '',
  decisions TEXT NOT NULL DEFAULT '',  -- one decision per line; each can become a measure
  reflections TEXT NOT NULL DEFAULT '',-- answers to the closing questions, JSON object
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX meetings_family ON meetings(family_id, held_on);
CREATE INDEX meetings_upcoming ON meetings(municipality_id, held_on);

CREATE TABLE family_log (              -- stafettlogg
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  happened_on TEXT NOT NULL,           -- 'YYYY-MM-DD'
  kind TEXT NOT NULL,                  -- call, home_visit, meeting, note
  text TEXT NOT NULL,
  author_id TEXT NOT NULL REFERENCES users(id),
  author_service TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX family_log_family ON family_log(family_id, happened_on);

CREATE TABLE progress_scores (         -- 1–10 self-assessment per goal (and the coordinator's view)
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  goal_id TEXT NOT NULL REFERENCES goals(id),
  assessed_on TEXT NOT NULL,           -- 'YYYY-MM-DD'
  family_score BIGINT NOT NULL,
  coordinator_score BIGINT,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX progress_scores_family ON progress_scores(family_id, assessed_on);

CREATE TABLE progress_indicators (     -- objective indicators at a date
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  measured_on TEXT NOT NULL,           -- 'YYYY-MM-DD'
  moves_since_start BIGINT,
  parents_in_work_or_activity BIGINT,
  school_attendance_percent BIGINT,
  recorded_by TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX progress_indicators_family ON progress_indicators(family_id, measured_on);

CREATE TABLE emergency_access (        -- nødtilgang: opened without grounds, with a reason
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  family_id TEXT NOT NULL REFERENCES families(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  reviewed_by TEXT,
  reviewed_at BIGINT,
  review_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX emergency_access_user ON emergency_access(user_id, family_id, expires_at);
CREATE INDEX emergency_access_review ON emergency_access(municipality_id, reviewed_at);
