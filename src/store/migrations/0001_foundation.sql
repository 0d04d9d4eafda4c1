-- Foundation: municipalities, staff accounts, sessions, the audit log.
-- Portable SQL for SQLite and PostgreSQL: BIGINT integers and 0/1 flags, BIGINT UTC seconds,
-- TEXT UUIDs, *_sort columns from text::nb_sort_key() for Norwegian ordering.

CREATE TABLE municipalities (
  id TEXT PRIMARY KEY,                 -- kommunenummer, e.g. '4204'
  name TEXT NOT NULL,
  name_sort TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE districts (               -- kommunedel / bydel
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  name TEXT NOT NULL,
  name_sort TEXT NOT NULL
);
CREATE INDEX districts_municipality ON districts(municipality_id, name_sort);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  username TEXT NOT NULL,              -- lower-case login name, unique across the installation
  display_name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,         -- argon2id, libsodium encoded form
  totp_secret TEXT,                    -- base32; NULL until enrolled
  totp_last_step BIGINT NOT NULL DEFAULT 0,  -- replay protection
  totp_required BIGINT NOT NULL DEFAULT 0,   -- set by an admin
  disabled BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_username ON users(username);

CREATE TABLE user_roles (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL,                  -- admin, editor, coordinator, service_employee, leader
  PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,         -- SHA-256 of the cookie token; the token itself is never stored
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  second_factor_done BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Append-only and hash-chained: hash = SHA-256(prev_hash || canonical row). Never updated or
-- deleted by the application; `knutepunkt audit verify` recomputes the chain.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  municipality_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,              -- user id, or 'system' / 'public'
  action TEXT NOT NULL,                -- e.g. 'offer.update'
  entity TEXT NOT NULL,                -- e.g. 'offer'
  entity_id TEXT NOT NULL,
  address TEXT NOT NULL,               -- client address
  reason TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT '',    -- JSON, never protected addresses
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_actor ON audit_log(actor_id, at);

-- Bumped by every catalog write so in-memory search snapshots know when to rebuild.
CREATE TABLE change_counters (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO change_counters(name, value) VALUES ('catalog', 1);
INSERT INTO change_counters(name, value) VALUES ('audit', 0);
