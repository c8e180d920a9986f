import { describe, expect, it } from 'vitest';
import { canonicalAddress, isPrivateAddress } from './ip-address';
import { grantCovers } from './mysql';
import { firstKeyword } from './query-runner';
import { checkSourceAllowed } from './source-policy';
import { parseSourceUrl } from './source-url';

const access = { allowPrivate: true, platformDatabaseUrl: 'postgresql://postgres@127.0.0.1:5432/overture', platformRedisUrl: 'redis://127.0.0.1:6379' };
const check = async (type: 'postgres' | 'mysql', url: string, options = access) => checkSourceAllowed((await parseSourceUrl(type, url)).source, options);

describe('SQL source addresses', () => {
  it('knows every private, loopback, link-local, multicast and reserved spelling, IPv4 inside IPv6 included', () => {
    const privates = [
      '10.0.0.1', '127.0.0.1', '127.0.0.2', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '0.1.2.3',
      '192.0.0.8', '198.18.0.1', '198.19.255.255', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255',
      '::', '::1', '0:0:0:0:0:0:0:1', 'fd00::1', 'fc00::1', 'fe80::1', 'FE80::1', 'febf::1', 'fec0::1', 'ff02::1', '100::1',
      '::ffff:10.1.2.3', '::ffff:127.0.0.1', '::ffff:7f00:1', '::FFFF:7F00:0001', '0:0:0:0:0:ffff:7f00:1', '[::ffff:7f00:1]', '::ffff:a9fe:a9fe',
      '::127.0.0.1', '::7f00:1', '::0.0.0.2', '64:ff9b::127.0.0.1', '64:ff9b::a00:1', '64:ff9b:1::8.8.8.8', '2002:7f00:1::', '2002:c0a8:101::1',
      'not an address',
    ];
    for (const a of privates) expect(isPrivateAddress(a), a).toBe(true);
    const publics = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '192.0.1.1', '198.20.0.1', '223.255.255.255', '2001:db8::1', '2606:4700::1111', '::ffff:1.1.1.1', '64:ff9b::808:808', '2002:808:808::1'];
    for (const a of publics) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('spells an address one way, whatever its notation', () => {
    expect(new Set(['127.0.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:0001'].map(canonicalAddress))).toEqual(new Set(['127.0.0.1']));
    expect(canonicalAddress('::1')).toBe(canonicalAddress('0:0:0:0:0:0:0:1'));
  });
});

describe('SQL source URLs', () => {
  it('takes host, port, database, user, password and TLS mode, resolving the host once', async () => {
    expect(await parseSourceUrl('postgres', 'postgresql://reader:p%40ss@LOCALHOST.:6543/sales?sslmode=verify-full')).toEqual({
      source: { type: 'postgres', host: 'localhost', port: 6543, database: 'sales', user: 'reader', tls: 'verify-full', addresses: expect.arrayContaining([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]) },
      password: 'p@ss',
    });
    expect((await parseSourceUrl('mysql', 'mariadb://r@127.0.0.1/shop?ssl-mode=REQUIRED')).source).toMatchObject({ port: 3306, tls: 'require' });
    expect((await parseSourceUrl('postgres', 'postgres://r@[::ffff:127.0.0.1]/db')).source.addresses).toEqual(['::ffff:7f00:1']);
    expect((await parseSourceUrl('postgres', 'postgres://r@0x7f.1/db')).source.addresses).toEqual(['127.0.0.1']);
  });

  it('refuses every driver option in the query string, naming it but never the password', async () => {
    const options = {
      postgres: ['host=10.0.0.1', 'port=5433', 'options=-c%20default_transaction_read_only%3Doff', 'sslrootcert=/etc/passwd', 'sslcert=/etc/passwd', 'sslkey=/etc/shadow', 'ssl=true', 'application_name=x', 'user=postgres', 'sslmode=require&sslmode=disable', 'client_encoding=sql_ascii'],
      mysql: ['socketPath=/run/mysqld/mysqld.sock', 'debug=true', 'multipleStatements=true', 'host=10.0.0.1', 'port=1', 'ssl=%7B%22ca%22%3A%22%2Fetc%2Fpasswd%22%7D', 'ssl-ca=/etc/passwd', 'flags=MULTI_STATEMENTS', 'localInfile=true', 'infileStreamFactory=x'],
    };
    for (const [type, list] of Object.entries(options) as ['postgres' | 'mysql', string[]][]) {
      for (const option of list) {
        const name = option.split('=')[0];
        const attempt = parseSourceUrl(type, `${type}://u:hunter2@db.example.com/x?${option}`);
        await expect(attempt, option).rejects.toThrow(new RegExp(`^the connection URL option '${name}' is not accepted`));
        await expect(attempt, option).rejects.not.toThrow(/hunter2/);
      }
    }
    await expect(parseSourceUrl('postgres', 'postgres://u@db.example.com/x?sslmode=allow')).rejects.toThrow("'sslmode' is one of disable, prefer, require, verify-ca, verify-full.");
  });

  it('answers the same for a server file that exists and one that does not', async () => {
    const message = async (path: string) => parseSourceUrl('postgres', `postgres://u@db.example.com/x?sslrootcert=${path}`).catch((e: Error) => e.message);
    expect(await message('/etc/passwd')).toBe(await message('/no/such/file'));
  });

  it('refuses Unix sockets, missing users and hosts', async () => {
    await expect(parseSourceUrl('postgres', 'postgres://u:p@%2Fvar%2Frun%2Fpostgresql/db')).rejects.toThrow(/Unix socket/);
    await expect(parseSourceUrl('mysql', 'mysql://u:p@%2Frun%2Fmysqld%2Fmysqld.sock/db')).rejects.toThrow(/Unix socket/);
    await expect(parseSourceUrl('postgres', 'postgres://db.example.com/x')).rejects.toThrow(/names no user/);
    await expect(parseSourceUrl('postgres', 'postgres:///x')).rejects.toThrow(/names no host/);
  });

  it('refuses control characters in the user, password and database (the drivers send them NUL-terminated)', async () => {
    const cases: [string, string][] = [
      ['postgres://u@db.example.com/overture%00default_transaction_read_only%00off', 'database name'], ['postgres://u@db.example.com/x%0D%0A', 'database name'],
      ['postgres://u%00database%00overture@db.example.com/x', 'user'], ['mysql://u%1F@db.example.com/x', 'user'], ['mysql://u:p%00w@db.example.com/x', 'password'], ['mysql://u@db.example.com/x%7F', 'database name'],
    ];
    for (const [url, what] of cases) {
      await expect(parseSourceUrl(url.startsWith('mysql') ? 'mysql' : 'postgres', url), url).rejects.toThrow(`the ${what} in the connection URL has a control character (such as %00); write it as plain text.`);
    }
  });

  it('never repeats the URL (it holds a password) in its messages', async () => {
    await expect(parseSourceUrl('mysql', 'postgres://u:hunter2@db/x')).rejects.toThrow('a mysql URL starts with mysql://, not postgres://.');
    await expect(parseSourceUrl('postgres', 'not a url hunter2')).rejects.not.toThrow(/hunter2/);
  });
});

describe('where SQL sources may point', () => {
  it("refuses the platform's database in every spelling of this machine, but not another database", async () => {
    const spellings = ['localhost', 'LOCALHOST', 'localhost.', '127.0.0.1', '127.0.0.2', '127.1', '0x7f.1', '2130706433', '0177.0.0.1', '0.0.0.0', '0', '[::1]', '[::]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[0:0:0:0:0:ffff:7f00:1]'];
    for (const host of spellings) {
      await expect(check('postgres', `postgres://u:p@${host}:5432/overture`), host).rejects.toThrow("this URL points at Overture's own database, which cannot be used as a data source.");
    }
    // No database named: Postgres takes the user's name.
    await expect(check('postgres', 'postgres://overture@localhost/')).rejects.toThrow(/own database/);
    await expect(check('postgres', 'postgres://u:p@127.0.0.1:5432/sales')).resolves.toBeUndefined();
    await expect(check('postgres', 'postgres://u:p@127.0.0.1:5433/overture')).resolves.toBeUndefined();
  });

  it("refuses the platform's Redis for either type, and its Postgres server for MySQL", async () => {
    for (const url of ['postgres://u@127.0.0.1:6379/x', 'mysql://u@localhost:6379/x', 'mysql://u@[::ffff:7f00:1]:6379/x']) {
      await expect(check(url.startsWith('mysql') ? 'mysql' : 'postgres', url), url).rejects.toThrow("this URL points at Overture's own Redis, which cannot be used as a data source.");
    }
    await expect(check('mysql', 'mysql://u@0.0.0.0:5432/sales')).rejects.toThrow("Overture's own database server");
    await expect(check('mysql', 'mysql://u@127.0.0.1:3306/sales')).resolves.toBeUndefined();
  });

  it('refuses private hosts in every spelling unless allowed', async () => {
    const closed = { ...access, allowPrivate: false };
    for (const host of ['10.1.2.3', '[::ffff:10.1.2.3]', '[::ffff:a01:203]', '[64:ff9b::a01:203]', '[fe80::1]', '[fd12::1]', '169.254.169.254', '0xa9.0xfe.0xa9.0xfe', '[::]', '0', 'localhost', '224.0.0.1']) {
      await expect(check('mysql', `mysql://u@${host}:3306/db`, closed), host).rejects.toThrow(/is on a private or loopback network/);
    }
    await expect(check('mysql', 'mysql://u@8.8.8.8:3306/db', closed)).resolves.toBeUndefined();
  });
});

describe('the first keyword of a query', () => {
  it('skips blanks, comments and parentheses, but not MySQL executable comments', () => {
    expect(firstKeyword('  -- note\n/* a */ ( SELECT 1)', 'postgres')).toBe('select');
    expect(firstKeyword('# mysql comment\nwith x as (select 1) select * from x', 'mysql')).toBe('with');
    expect(firstKeyword('/* x */ COPY t TO PROGRAM \'id\'', 'postgres')).toBe('copy');
    expect(firstKeyword('/*!50000 DELETE FROM t */', 'mysql')).toBe('/*!');
  });

  it('reads comments as the server does: nested on Postgres, MariaDB\'s /*M! as code, # and --x only where they are comments', () => {
    const cases: [string, 'postgres' | 'mysql', string][] = [
      ['/* /* */ SELECT */ COPY (SELECT 1) TO STDOUT', 'postgres', 'copy'],
      ['/* a /* b /* c */ */ SELECT */ COMMIT', 'postgres', 'commit'],
      ['/**/ /* /* */ */ SET default_transaction_read_only = off', 'postgres', 'set'],
      ['/* /* */ SELECT 1', 'postgres', ''],
      ['/* /* */ SELECT */ (TABLE t)', 'postgres', 'table'],
      ['# x\nSELECT 1', 'postgres', ''],
      ['/* /* */ SELECT 1', 'mysql', 'select'],
      ['/*M!100000 SET STATEMENT max_statement_time=0 FOR */ SELECT SLEEP(1000)', 'mysql', '/*M!'],
      ['/*M! INSERT INTO t */ SELECT 1', 'mysql', '/*M!'],
      ['/* x */ /*!INSERT INTO t */ SELECT 1', 'mysql', '/*!'],
      ['--x\nSELECT 1', 'mysql', ''],
      ['-- x\nSELECT 1', 'mysql', 'select'],
      ['--\tx\nSELECT 1', 'mysql', 'select'],
    ];
    for (const [query, dialect, keyword] of cases) expect(firstKeyword(query, dialect), `${dialect}: ${query}`).toBe(keyword);
  });
});

describe('MySQL grant database patterns', () => {
  it('match as MySQL does: % and _ are wildcards, \\_ is a literal underscore, * is every database', () => {
    expect(grantCovers('*', 'sales')).toBe(true);
    expect(grantCovers('sales', 'SALES')).toBe(true);
    expect(grantCovers('sal%', 'sales_2024')).toBe(true);
    expect(grantCovers('sale_', 'sales')).toBe(true);
    expect(grantCovers('sale\\_', 'sales')).toBe(false);
    expect(grantCovers('sale\\_', 'sale_')).toBe(true);
    expect(grantCovers('sales.x', 'salesXx')).toBe(false);
    expect(grantCovers('other', 'sales')).toBe(false);
  });
});
