import { deleteDeploymentEndpoint, getDeploymentEndpoint, updateDeploymentEndpoint } from '@/server/endpoints/deployments';
import { handle } from '@/server/http/route';

export const GET = handle(getDeploymentEndpoint);
export const PUT = handle(updateDeploymentEndpoint);
export const DELETE = handle(deleteDeploymentEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
