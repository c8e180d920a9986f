import { listPretrainedModelsEndpoint, uploadPretrainedModelEndpoint } from '@/server/endpoints/pretrained-models';
import { handle } from '@/server/http/route';

export const GET = handle(listPretrainedModelsEndpoint);
export const POST = handle(uploadPretrainedModelEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
