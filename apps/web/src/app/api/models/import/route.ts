// The handler streams the body itself (DESIGN "Known traps": no middleware, no formData()).
import { importModelEndpoint } from '@/server/endpoints/models';
import { handle } from '@/server/http/route';

export const POST = handle(importModelEndpoint);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
