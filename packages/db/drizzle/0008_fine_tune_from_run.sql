-- Fine-tuning: a run can start from the bundle of another, completed run (Ludwig's model_load_path).
ALTER TABLE "runs" ADD COLUMN "model_load_run_id" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_model_load_run_id_runs_id_fk" FOREIGN KEY ("model_load_run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;