-- Model bundles trained elsewhere (`overture train`) can be imported: such a run has no dataset and is
-- flagged `imported`, as is the model version holding the bundle's config. Every other run keeps its dataset.
ALTER TABLE "runs" ALTER COLUMN "dataset_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "model_versions" ADD COLUMN "imported" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "imported" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_dataset_or_imported" CHECK ("runs"."dataset_id" IS NOT NULL OR "runs"."imported");