-- Continue training: a run can continue the kept training state of another, completed run (Ludwig's model_resume_path).
ALTER TABLE "runs" ADD COLUMN "resume_run_id" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_resume_run_id_runs_id_fk" FOREIGN KEY ("resume_run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;