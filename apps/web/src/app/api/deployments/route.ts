import { createDeploymentEndpoint, listDeploymentsEndpoint } from '@/server/endpoints/deployments';
import { handle } from '@/server/http/route';

export const GET = handle(listDeploymentsEndpoint);
export const POST = handle(createDeploymentEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
