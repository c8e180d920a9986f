import { getDeploymentBundleEndpoint } from '@/server/endpoints/deployment-bundle';
import { handle } from '@/server/http/route';

export const GET = handle(getDeploymentBundleEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
