-- Model versions are immutable: a saved config is never edited in place (a new version is written).
CREATE OR REPLACE FUNCTION overture_refuse_update() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable; write a new version instead', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER model_versions_immutable BEFORE UPDATE ON model_versions FOR EACH ROW EXECUTE FUNCTION overture_refuse_update();
