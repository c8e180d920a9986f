import { getDeploymentModelEndpoint } from '@/server/endpoints/deployment-bundle';
import { handle } from '@/server/http/route';

export const GET = handle(getDeploymentModelEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
