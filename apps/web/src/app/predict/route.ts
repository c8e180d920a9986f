// The handler streams the body itself (DESIGN "Known traps": no middleware, no formData()).
import { predictEndpoint } from '@/server/endpoints/predict';
import { handle } from '@/server/http/route';

export const POST = handle(predictEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
