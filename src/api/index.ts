// The service layer: Connect implementations of the tickwork.v1 API over a Tickwork instance.
export { startApiServer, type ApiServer, type ApiServerOptions } from './server.js';
export type { ApiLimits } from './context.js';
export { statusOf, tickworkToConnect, toConnectError } from './error-mapping.js';
