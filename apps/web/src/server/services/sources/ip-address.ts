import { isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * IP addresses as bytes, so that every spelling of one address ('::ffff:127.0.0.1',
 * '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:0001') is classified the same way. A regex on the text
 * let the mapped hex form through to the platform's own Postgres (issue 10).
 */

/** The 16 bytes of an IPv6 address, or the 4 of an IPv4 one; null for anything else. */
export function ipBytes(address: string): Uint8Array | null {
  const text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''); // brackets and a zone id ('fe80::1%eth0') are not the address
  if (isIPv4(text)) return Uint8Array.from(text.split('.').map(Number));
  if (!isIPv6(text)) return null;
  let groups = text.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(groups);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    groups = `${groups.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = groups.split('::') as [string, string | undefined];
  const parts = (s: string | undefined) => (s ? s.split(':') : []);
  const left = parts(head);
  const right = parts(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 0xff;
  });
  return bytes;
}

const startsWith = (bytes: Uint8Array, prefix: number[], bits = prefix.length * 8) => {
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((bytes[bit >> 3] & mask) !== (prefix[bit >> 3] & mask)) return false;
  }
  return true;
};
const zeros = (n: number) => Array<number>(n).fill(0);

/**
 * The IPv4 address an IPv6 address carries to the IPv4 world: mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002:a.b.c.d::/16).
 */
export function embeddedIpv4(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length !== 16) return null;
  if (startsWith(bytes, [...zeros(10), 0xff, 0xff])) return bytes.slice(12);
  if (startsWith(bytes, zeros(12)) && !(startsWith(bytes, zeros(15)) && bytes[15] <= 1)) return bytes.slice(12); // ::a.b.c.d, but not :: or ::1
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, ...zeros(8)])) return bytes.slice(12);
  if (startsWith(bytes, [0x20, 0x02])) return bytes.slice(2, 6);
  return null;
}

/** [prefix bytes, prefix length in bits] of the IPv4 ranges that are not the public internet. */
const privateV4: [number[], number][] = [
  [[0], 8], [[10], 8], [[100, 64], 10], [[127], 8], [[169, 254], 16], [[172, 16], 12], [[192, 0, 0], 24],
  [[192, 168], 16], [[198, 18], 15], [[224], 4], [[240], 4], [[255, 255, 255, 255], 32],
];
const privateV6: [number[], number][] = [
  [zeros(16), 128], [[...zeros(15), 1], 128], // :: and ::1
  [[0, 0x64, 0xff, 0x9b, 0, 1], 48], // 64:ff9b:1::/48, local-use NAT64
  [[0xfc], 7], [[0xfe, 0x80], 10], [[0xfe, 0xc0], 10], [[0xff], 8], [[1, 0, ...zeros(6)], 64],
];

/** Loopback, private, link-local, CGNAT, multicast, reserved and unspecified addresses, IPv4 and IPv6, including IPv4 inside IPv6. Unparseable counts as private. */
export function isPrivateAddress(address: string): boolean {
  const bytes = ipBytes(address);
  if (!bytes) return true;
  const v4 = bytes.length === 4 ? bytes : embeddedIpv4(bytes);
  if (v4) return privateV4.some(([prefix, bits]) => startsWith(v4, prefix, bits));
  return privateV6.some(([prefix, bits]) => startsWith(bytes, prefix, bits));
}

/** One canonical text per address: IPv4 inside IPv6 as its IPv4, IPv6 as 32 hex digits. */
export function canonicalAddress(address: string): string | null {
  const bytes = ipBytes(address);
  if (!bytes) return null;
  const v4 = bytes.length === 4 ? bytes : embeddedIpv4(bytes);
  return v4 ? Array.from(v4).join('.') : Buffer.from(bytes).toString('hex');
}

/**
 * Whether an address reaches this machine: loopback, unspecified (0.0.0.0 and :: connect to the
 * local host) or one of its interfaces. A server listening on all interfaces answers on each.
 */
export function isThisMachine(address: string): boolean {
  const canonical = canonicalAddress(address);
  if (!canonical) return false;
  if (/^(127|0)\./.test(canonical) || canonical === '0'.repeat(32) || canonical === `${'0'.repeat(31)}1`) return true;
  return Object.values(networkInterfaces()).flat().some((i) => i && canonicalAddress(i.address) === canonical);
}
