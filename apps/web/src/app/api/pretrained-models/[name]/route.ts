import { deletePretrainedModelEndpoint } from '@/server/endpoints/pretrained-models';
import { handle } from '@/server/http/route';

export const DELETE = handle(deletePretrainedModelEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
