-- The outbox (utsendingskø): every e-mail and SMS is first queued here, in the same transaction
-- as the change that causes it, and sent later by the job "outbox.send" (src/messaging/).
-- recipient, subject and body are personal data: never logged, never copied into last_error,
-- and blanked (purged = 1) 30 days after the message was sent or finally failed (job
-- "outbox.purge"); the row stays so counts per kind and status remain.

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities(id),
  channel TEXT NOT NULL,               -- email, sms
  recipient TEXT NOT NULL,             -- e-mail address or +47… number; '' once purged
  language TEXT NOT NULL,              -- language the text is written in
  subject TEXT NOT NULL DEFAULT '',    -- e-mail only; '' once purged
  body TEXT NOT NULL,                  -- plain text; '' once purged
  kind TEXT NOT NULL,                  -- receipt, offer, reminder, cancellation, loan_overdue, …
  related_id TEXT,                     -- e.g. the sign-up or loan it is about
  status TEXT NOT NULL DEFAULT 'queued',  -- queued, sent, failed
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,     -- due from then; a claim moves it ahead (a lease)
  last_error TEXT NOT NULL DEFAULT '', -- SMTP code and stage only, never content or addresses
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  finished_at BIGINT,                  -- when it became sent or failed
  purged BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_finished ON outbox(purged, finished_at);
CREATE INDEX outbox_municipality ON outbox(municipality_id, status, kind);
CREATE INDEX outbox_related ON outbox(related_id);
