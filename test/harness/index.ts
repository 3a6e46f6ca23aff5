export { startPostgres, type PostgresServer, type PostgresServerOptions } from './postgres-server.js';
export { startRedis, type RedisServer, type RedisServerOptions } from './redis-server.js';
export { createTestDatabase, uniqueName, type TestDatabase } from './test-database.js';
