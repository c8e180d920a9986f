import { badInput } from '../errors';
import { COMMON_PASSWORD_CORES, KEYBOARD_WALKS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

const cores = new Set(COMMON_PASSWORD_CORES);
const leet: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', '$': 's', '!': 'i', '|': 'l', '+': 't' };

/** The letters a password is built on: digits and symbols around it taken off, leet spelling undone, separators dropped. */
function coreOf(folded: string): string {
  const trimmed = folded.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return [...trimmed].map((c) => leet[c] ?? c).join('').replace(/[^\p{L}\p{N}]/gu, '');
}

function isCommon(folded: string): boolean {
  const core = coreOf(folded);
  if (core.length < 3 || cores.has(core)) return true;
  const alnum = folded.replace(/[^\p{L}\p{N}]/gu, '');
  if (KEYBOARD_WALKS.some((walk) => walk.includes(alnum) || walk.includes(core))) return true;
  // "abcabcabcabc", "passwordpassword", "123123123123": one short or common piece repeated.
  const repeated = /^(.+?)\1+$/u.exec(alnum);
  return repeated !== null && (repeated[1].length <= 4 || cores.has(coreOf(repeated[1])));
}

/**
 * Why a new password is too weak, or null when it will do: at least 12 characters, not one of the
 * common passwords (in any of their usual spellings) and not the account's email or name. Used at
 * setup, on accepting an invitation, and for OVERTURE_ADMIN_PASSWORD.
 */
export function passwordProblem(password: string, account: { email?: string | null; name?: string | null } = {}): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `use a password of at least ${MIN_PASSWORD_LENGTH} characters (a few unrelated words work well).`;
  if (password.length > MAX_PASSWORD_LENGTH) return `use a password of at most ${MAX_PASSWORD_LENGTH} characters.`;
  const folded = password.normalize('NFKC').toLowerCase();
  if (new Set(folded).size < 4) return 'this password repeats too few different characters: choose a longer mix of words.';
  if (isCommon(folded)) return 'this is one of the most common passwords (or one with digits or symbols added), which are tried first: choose another.';
  const alnum = folded.replace(/[^\p{L}\p{N}]/gu, '');
  const email = account.email?.toLowerCase() ?? '';
  const personal = [email, email.split('@')[0], account.name?.toLowerCase() ?? ''].map((p) => p.replace(/[^\p{L}\p{N}]/gu, '')).filter((p) => p.length >= 3);
  if (personal.some((p) => p === alnum || p === coreOf(folded))) return 'do not use your email address or name as your password.';
  return null;
}

/** A 400 naming the `password` field when the password is too weak. */
export function assertStrongPassword(password: string, account: { email?: string | null; name?: string | null } = {}): void {
  const problem = passwordProblem(password, account);
  if (problem) throw badInput(`password: ${problem}`, [{ path: 'password', message: problem }]);
}
