import type { Logger } from 'pino';
import { DEFAULT_ALLOWED_ORIGINS, httpTargetHandler } from '../../http-target/index.js';
import type { Tickwork } from '../../tickwork/tickwork.js';
import { usageError } from '../cli-error.js';
import type { ServeConfig } from './serve-config.js';

/** The in-process worker dispatches HTTP-target jobs (the built-in `http` handler) within the allow-list. */
export function registerHttpTargets(tw: Tickwork, config: ServeConfig, logger: Logger): void {
  const allowedOrigins = config.httpAllowedOrigins ?? DEFAULT_ALLOWED_ORIGINS;
  let handler;
  try {
    handler = httpTargetHandler({
      allowedOrigins,
      signingSecrets: config.httpSigningSecret ? [config.httpSigningSecret] : [],
    });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
  tw.handle('http', handler);
  logger.info({ allowedOrigins, signed: config.httpSigningSecret !== null }, 'HTTP-target jobs enabled');
  if (config.httpSigningSecret === null) {
    logger.warn('HTTP-target requests are unsigned: set httpSigningSecret (TICKWORK_HTTP_SIGNING_SECRET)');
  }
}
