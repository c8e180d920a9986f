import type { Redis } from 'ioredis';
import { ApiError } from '../errors';

/** How many attempts one subject (an account, an IP address) gets before it is locked out, and for how long. */
export interface ThrottleLimits {
  /** Attempts an account may fail in the window before a lockout (OVERTURE_LOGIN_ACCOUNT_FAILURES). */
  accountFailures: number;
  /** The same for one client address, across accounts (OVERTURE_LOGIN_IP_FAILURES). */
  ipFailures: number;
  windowSeconds: number;
  /** The first lockout; each further failure after one doubles it, up to `maxLockSeconds`. */
  lockSeconds: number;
  maxLockSeconds: number;
}

export const defaultThrottleLimits: Omit<ThrottleLimits, 'accountFailures' | 'ipFailures'> = { windowSeconds: 15 * 60, lockSeconds: 60, maxLockSeconds: 3600 };

export interface ThrottleSubject {
  kind: 'account' | 'ip';
  /** The normalised email, or the client address. */
  id: string;
}

/**
 * An attempt let through, with the subjects whose lockout it started (it locks them while it runs;
 * a success lifts the account's), or one refused for `retryAfter` seconds; the services turn a
 * refusal into the 429 (`tooManyAttempts`) with the words of their own flow.
 */
export type Attempt = { allowed: true; lockedNow: { subject: ThrottleSubject; seconds: number }[] } | { allowed: false; retryAfter: number };

/**
 * One attempt over all subjects, atomically: refused while any is locked (nothing counted);
 * otherwise every counter goes up BEFORE the password is checked, so forty concurrent guesses are
 * forty attempts, not forty first attempts. The attempt that reaches a subject's limit locks it for
 * lock·2^(count−limit) seconds (capped): after the lock the next attempt is let through once, and
 * locks again, twice as long, if it fails too.
 * KEYS: count₁, lock₁, count₂, lock₂…  ARGV: window, lock, maxLock, limit₁, limit₂…
 * Returns {0, ms of the longest lock} when refused, else {1, seconds locked now per subject (0: none)…}.
 */
const attemptScript = `
local window, lock, maxLock = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local n = #KEYS / 2
local longest = 0
for i = 1, n do
  local ttl = redis.call('PTTL', KEYS[2 * i])
  if ttl > longest then longest = ttl end
end
if longest > 0 then return {0, longest} end
local result = {1}
for i = 1, n do
  local count = redis.call('INCR', KEYS[2 * i - 1])
  local limit = tonumber(ARGV[3 + i])
  local seconds = 0
  if count >= limit then
    seconds = math.min(lock * 2 ^ (count - limit), maxLock)
    redis.call('SET', KEYS[2 * i], '1', 'EX', seconds)
  end
  redis.call('EXPIRE', KEYS[2 * i - 1], math.max(window, seconds + window))
  result[i + 1] = seconds
end
return result
`;

/**
 * Brute-force protection of sign-in, setup and invitation links, in Redis so every web process
 * shares the counters: per account (normalised email) and per client address, with exponential
 * backoff; a refused attempt is a 429 with Retry-After in seconds.
 */
export class LoginThrottle {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly limits: ThrottleLimits) {
    redis.defineCommand('overtureLoginAttempt', { lua: attemptScript });
  }

  private key(subject: ThrottleSubject, part: 'count' | 'lock'): string {
    return `${this.prefix}:auth:${part}:${subject.kind}:${subject.id}`;
  }

  private limit(subject: ThrottleSubject): number {
    return subject.kind === 'account' ? this.limits.accountFailures : this.limits.ipFailures;
  }

  /** Counts an attempt, or refuses it while a subject is locked out. */
  async attempt(subjects: ThrottleSubject[]): Promise<Attempt> {
    if (subjects.length === 0) return { allowed: true, lockedNow: [] };
    const keys = subjects.flatMap((s) => [this.key(s, 'count'), this.key(s, 'lock')]);
    const args = [this.limits.windowSeconds, this.limits.lockSeconds, this.limits.maxLockSeconds, ...subjects.map((s) => this.limit(s))];
    const run = (this.redis as unknown as Record<string, (n: number, ...a: (string | number)[]) => Promise<number[]>>).overtureLoginAttempt;
    const [allowed, ...rest] = await run.call(this.redis, keys.length, ...keys, ...args);
    if (allowed === 0) return { allowed: false, retryAfter: Math.max(1, Math.ceil(rest[0] / 1000)) };
    return { allowed: true, lockedNow: subjects.map((subject, i) => ({ subject, seconds: rest[i] })).filter((l) => l.seconds > 0) };
  }

  /**
   * A right password: the account starts afresh (its counter and any lock this attempt set), and
   * the address gets this attempt back, so people signing in behind one NAT do not lock each other out.
   */
  async succeeded(subjects: ThrottleSubject[]): Promise<void> {
    const multi = this.redis.multi();
    for (const subject of subjects) {
      if (subject.kind === 'account') multi.del(this.key(subject, 'count'), this.key(subject, 'lock'));
      else multi.eval(`local n = redis.call('DECR', KEYS[1]) if n <= 0 then redis.call('DEL', KEYS[1]) end return n`, 1, this.key(subject, 'count'));
    }
    await multi.exec();
  }
}

/** The 429 of a refused attempt (`what`: "sign-in attempts", "invitation links"…), with Retry-After in seconds. */
export function tooManyAttempts(retryAfter: number, what: string): ApiError {
  return new ApiError('rate_limited', `too many failed ${what}: try again in ${retryAfter} s.`, [], { 'retry-after': String(retryAfter) });
}

/** The account key of an email: trimmed and lower-cased, as accounts are stored. */
export function accountSubject(email: string): ThrottleSubject {
  return { kind: 'account', id: email.trim().toLowerCase() };
}

/**
 * The client's address: the last X-Forwarded-For entry, which is the socket address the Next
 * server wrote (instrumentation-node.ts replaces any a client sent), or, behind a trusted proxy
 * (OVERTURE_TRUST_PROXY), the address that proxy appended. Null when there is none (tests, scripts).
 */
export function clientAddress(headers: Headers): ThrottleSubject | null {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded?.split(',').map((s) => s.trim()).filter(Boolean).pop();
  return last ? { kind: 'ip', id: last.replace(/^::ffff:/, '') } : null;
}
