import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

export const MARIADB = 'mysql://root@127.0.0.1:3306';

export interface MariadbReader {
  user: string;
  /** mysql://user:password@127.0.0.1:3306/<database> */
  url: string;
  drop(): Promise<void>;
}

/**
 * A MariaDB user for a test database used as a SQL source, with `privileges` on it (SELECT: what
 * an admin should give a source; more to see Overture refuse it). Overture refuses root.
 */
export async function createMariadbReader(database: string, privileges = 'SELECT', global?: string): Promise<MariadbReader> {
  const user = `ovr_${process.pid}_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(8).toString('hex');
  const admin = await mysql.createConnection({ uri: MARIADB });
  try {
    await admin.query(`CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${password}'`);
    await admin.query(`GRANT ${privileges} ON \`${database}\`.* TO '${user}'@'127.0.0.1'`);
    if (global) await admin.query(`GRANT ${global} ON *.* TO '${user}'@'127.0.0.1'`);
  } finally {
    await admin.end();
  }
  return {
    user,
    url: `mysql://${user}:${password}@127.0.0.1:3306/${database}`,
    async drop() {
      const conn = await mysql.createConnection({ uri: MARIADB });
      await conn.query(`DROP USER IF EXISTS '${user}'@'127.0.0.1'`).finally(() => conn.end());
    },
  };
}
