-- Hyperparameter studies and their trials: the coordinator's whole state, so another worker resumes a
-- study whose coordinator died. Each trial is a normal run (run_id) of the study's model version.
CREATE TYPE "public"."study_status" AS ENUM('queued', 'running', 'completed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."trial_status" AS ENUM('queued', 'running', 'completed', 'stopped', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "hyperopt_studies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_version_id" uuid NOT NULL,
	"dataset_id" uuid NOT NULL,
	"base_config" jsonb NOT NULL,
	"hyperopt" jsonb NOT NULL,
	"parameter_names" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"seed" integer DEFAULT 42 NOT NULL,
	"status" "study_status" DEFAULT 'queued' NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"worker_id" text,
	"cancel_requested_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error" text,
	"error_details" jsonb,
	"best_trial_id" uuid,
	"result_version_id" uuid,
	"statistics_artifact_id" uuid,
	"summary" jsonb
);
--> statement-breakpoint
CREATE TABLE "hyperopt_trials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"study_id" uuid NOT NULL,
	"index" integer NOT NULL,
	"parameters" jsonb NOT NULL,
	"status" "trial_status" DEFAULT 'queued' NOT NULL,
	"run_id" uuid,
	"metric_score" double precision,
	"reports" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stopped_by" text,
	"error" text,
	"end_seq" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "hyperopt_trials_study_index_key" UNIQUE("study_id","index")
);
--> statement-breakpoint
ALTER TABLE "hyperopt_studies" ADD CONSTRAINT "hyperopt_studies_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hyperopt_studies" ADD CONSTRAINT "hyperopt_studies_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hyperopt_studies" ADD CONSTRAINT "hyperopt_studies_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hyperopt_studies" ADD CONSTRAINT "hyperopt_studies_result_version_id_model_versions_id_fk" FOREIGN KEY ("result_version_id") REFERENCES "public"."model_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hyperopt_studies" ADD CONSTRAINT "hyperopt_studies_statistics_artifact_id_artifacts_id_fk" FOREIGN KEY ("statistics_artifact_id") REFERENCES "public"."artifacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hyperopt_trials" ADD CONSTRAINT "hyperopt_trials_study_id_hyperopt_studies_id_fk" FOREIGN KEY ("study_id") REFERENCES "public"."hyperopt_studies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hyperopt_trials" ADD CONSTRAINT "hyperopt_trials_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hyperopt_studies_created_idx" ON "hyperopt_studies" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "hyperopt_studies_version_idx" ON "hyperopt_studies" USING btree ("model_version_id","created_at");--> statement-breakpoint
CREATE INDEX "hyperopt_trials_run_idx" ON "hyperopt_trials" USING btree ("run_id");