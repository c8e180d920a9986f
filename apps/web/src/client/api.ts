/**
 * The browser's way to the JSON API: same-origin fetch (the session cookie and the Origin header
 * the CSRF check wants go along), the REST error envelope turned into an `ApiRequestError` whose
 * message a user can read.
 */
export interface ApiProblem {
  path?: string;
  message: string;
  suggestion?: string;
  line?: number;
  column?: number;
}

export class ApiRequestError extends Error {
  /** How many problems the server found; `problems` holds the first of them (configs: 100). */
  readonly totalProblems: number;

  constructor(readonly status: number, readonly code: string, message: string, readonly problems: ApiProblem[] = [], total = problems.length) {
    super(message);
    this.name = 'ApiRequestError';
    this.totalProblems = Math.max(total, problems.length);
  }
}

/** What a person should read for a failed request: the server's message as a sentence, or what went wrong with the connection. */
export function describeError(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 401) return 'Your session has ended. Sign in again to continue.';
    return sentence(error.message);
  }
  if (error instanceof TypeError) return 'Overture could not be reached. Check your connection and try again.';
  return sentence(error instanceof Error ? error.message : String(error));
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return 'Something went wrong.';
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(capital) ? capital : `${capital}.`;
}

export async function errorFrom(response: Response): Promise<ApiRequestError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; total?: number }; errors?: ApiProblem[] };
    if (body.error?.message) return new ApiRequestError(response.status, body.error.code ?? 'error', body.error.message, body.errors ?? [], body.error.total);
  } catch {
    // not JSON: fall through to the status line
  }
  return new ApiRequestError(response.status, 'http_error', `the server answered ${response.status} ${response.statusText || ''}`.trim());
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** `/api/runs` + `{limit: 5}` → `/api/runs?limit=5` (undefined and null values are left out). */
export function withQuery(path: string, query?: Query): string {
  const entries = Object.entries(query ?? {}).filter(([, v]) => v !== undefined && v !== null);
  if (entries.length === 0) return path;
  return `${path}?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown; query?: Query; signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(withQuery(path, init.query), {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    credentials: 'same-origin',
  });
  if (!response.ok) throw await errorFrom(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * Uploads a file as multipart/form-data with XMLHttpRequest, whose upload events report progress
 * (fetch has none); the server streams the body to the store.
 */
export function uploadFile<T>(path: string, file: File, fields: Record<string, string>, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
    xhr.onload = () => {
      const response = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText });
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(JSON.parse(xhr.responseText) as T);
      } else {
        errorFrom(response).then(reject, reject);
      }
    };
    xhr.onerror = () => reject(new TypeError('network error'));
    xhr.onabort = () => reject(new ApiRequestError(0, 'aborted', 'the upload was cancelled'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(form);
  });
}
