-- Traffic splits (a canary run answering a share of a deployment's requests, a shadow run sent a copy
-- of a share) and the opt-in, sampled prediction log that the drift report and shadow comparison read.
CREATE TYPE "public"."prediction_role" AS ENUM('primary', 'canary', 'shadow');--> statement-breakpoint
CREATE TABLE "prediction_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"deployment_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"role" "prediction_role" NOT NULL,
	"request_id" text,
	"row_count" integer NOT NULL,
	"instances" jsonb NOT NULL,
	"predictions" jsonb,
	"answered_predictions" jsonb,
	"error" text,
	"latency_ms" real NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "canary_run_id" uuid;--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "canary_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "shadow_run_id" uuid;--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "shadow_percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deployments" ADD COLUMN "log_percent" real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "prediction_log" ADD CONSTRAINT "prediction_log_deployment_id_deployments_id_fk" FOREIGN KEY ("deployment_id") REFERENCES "public"."deployments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prediction_log" ADD CONSTRAINT "prediction_log_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "prediction_log_deployment_idx" ON "prediction_log" USING btree ("deployment_id","id");--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_canary_run_id_runs_id_fk" FOREIGN KEY ("canary_run_id") REFERENCES "public"."runs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_shadow_run_id_runs_id_fk" FOREIGN KEY ("shadow_run_id") REFERENCES "public"."runs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_canary_split" CHECK ("deployments"."canary_percent" BETWEEN 0 AND 100 AND ("deployments"."canary_run_id" IS NOT NULL OR "deployments"."canary_percent" = 0));--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_shadow_split" CHECK ("deployments"."shadow_percent" BETWEEN 0 AND 100 AND ("deployments"."shadow_run_id" IS NOT NULL OR "deployments"."shadow_percent" = 0));--> statement-breakpoint
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_log_percent" CHECK ("deployments"."log_percent" >= 0 AND "deployments"."log_percent" <= 100);