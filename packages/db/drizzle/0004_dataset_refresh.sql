-- A SQL dataset can be refreshed: the query runs again into a new dataset (runs keep the old snapshot),
-- which points at the snapshot it was refreshed from.
ALTER TABLE "datasets" ADD COLUMN "refreshed_from_id" uuid;--> statement-breakpoint
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_refreshed_from_id_datasets_id_fk" FOREIGN KEY ("refreshed_from_id") REFERENCES "public"."datasets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "datasets_refreshed_from_idx" ON "datasets" USING btree ("refreshed_from_id");