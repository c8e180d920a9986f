import { describe, expect, it } from 'vitest';
import { checkSourceAllowed, isPrivateAddress, parseSourceUrl } from './source-url';

describe('SQL source hosts', () => {
  it('knows private, loopback, link-local and CGNAT addresses', () => {
    for (const a of ['10.0.0.1', '127.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:10.1.2.3']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2001:db8::1', '::ffff:1.1.1.1']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("refuses the platform's database under another spelling of loopback, but not another database", async () => {
    const policy = { allowPrivate: true, platformDatabaseUrl: 'postgresql://postgres@127.0.0.1:5432/overture' };
    await expect(checkSourceAllowed(await parseSourceUrl('postgres', 'postgres://u:p@[::1]:5432/overture'), policy)).rejects.toThrow(/own database/);
    await expect(checkSourceAllowed(await parseSourceUrl('postgres', 'postgres://u:p@127.0.0.1:5432/sales'), policy)).resolves.toBeUndefined();
  });

  it('never repeats the URL (it holds a password) in its messages', async () => {
    await expect(parseSourceUrl('mysql', 'postgres://u:hunter2@db/x')).rejects.toThrow('a mysql URL starts with mysql://, not postgres://.');
    await expect(parseSourceUrl('postgres', 'not a url hunter2')).rejects.not.toThrow(/hunter2/);
  });
});
