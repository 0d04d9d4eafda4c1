-- A number that changes with everything a coordinator's caseload shows, per municipality: the
-- families, their teams, consents, goals, measures and meetings, and the staff (whose service
-- decides what a team member may see). Triggers bump it in the transaction that makes the
-- change, whoever makes it (a page, the CLI, another server), so a cached caseload is known to
-- be current by reading one row, and no store can forget to.
ALTER TABLE municipalities ADD COLUMN family_data_version BIGINT NOT NULL DEFAULT 0;

-- @sqlite
CREATE TRIGGER families_data_insert AFTER INSERT ON families BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER families_data_update AFTER UPDATE ON families BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER families_data_delete AFTER DELETE ON families BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = OLD.municipality_id; END;
CREATE TRIGGER family_team_data_insert AFTER INSERT ON family_team BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER family_team_data_update AFTER UPDATE ON family_team BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER family_team_data_delete AFTER DELETE ON family_team BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = OLD.municipality_id; END;
CREATE TRIGGER consents_data_insert AFTER INSERT ON consents BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER consents_data_update AFTER UPDATE ON consents BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER consents_data_delete AFTER DELETE ON consents BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = OLD.municipality_id; END;
CREATE TRIGGER goals_data_insert AFTER INSERT ON goals BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER goals_data_update AFTER UPDATE ON goals BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER goals_data_delete AFTER DELETE ON goals BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = OLD.municipality_id; END;
CREATE TRIGGER measures_data_insert AFTER INSERT ON measures BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER measures_data_update AFTER UPDATE ON measures BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER measures_data_delete AFTER DELETE ON measures BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = OLD.municipality_id; END;
CREATE TRIGGER meetings_data_insert AFTER INSERT ON meetings BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER meetings_data_update AFTER UPDATE ON meetings BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;
CREATE TRIGGER meetings_data_delete AFTER DELETE ON meetings BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = OLD.municipality_id; END;
CREATE TRIGGER users_data_update AFTER UPDATE ON users BEGIN
  UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id; END;

-- @postgres
CREATE FUNCTION kp_family_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = OLD.municipality_id;
  ELSE
    UPDATE municipalities SET family_data_version = family_data_version + 1 WHERE id = NEW.municipality_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER families_data AFTER INSERT OR UPDATE OR DELETE ON families
  FOR EACH ROW EXECUTE FUNCTION kp_family_data_changed();
CREATE TRIGGER family_team_data AFTER INSERT OR UPDATE OR DELETE ON family_team
  FOR EACH ROW EXECUTE FUNCTION kp_family_data_changed();
CREATE TRIGGER consents_data AFTER INSERT OR UPDATE OR DELETE ON consents
  FOR EACH ROW EXECUTE FUNCTION kp_family_data_changed();
CREATE TRIGGER goals_data AFTER INSERT OR UPDATE OR DELETE ON goals
  FOR EACH ROW EXECUTE FUNCTION kp_family_data_changed();
CREATE TRIGGER measures_data AFTER INSERT OR UPDATE OR DELETE ON measures
  FOR EACH ROW EXECUTE FUNCTION kp_family_data_changed();
CREATE TRIGGER meetings_data AFTER INSERT OR UPDATE OR DELETE ON meetings
  FOR EACH ROW EXECUTE FUNCTION kp_family_data_changed();
CREATE TRIGGER users_data AFTER UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION kp_family_data_changed();
