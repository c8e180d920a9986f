export { freePort, waitFor } from './ports.js';
export { createTestDatabase, machineDatabaseUrl, type TestDatabase } from './database.js';
export { createTestRedis, machineRedisUrl, type TestRedis } from './redis.js';
export { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
export { startPrivateRedis, type PrivateRedis } from './private-redis.js';
export { toyCsv, toyConfig, seedCompletedRun, seedDataset, seedRun, type ToyConfigOptions } from './toy-data.js';
export { createPostgresReader, type PostgresReader } from './source-reader.js';
export { parsePrometheus, type PromSample, type PromScrape } from './prometheus.js';
