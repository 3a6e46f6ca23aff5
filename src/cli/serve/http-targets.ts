import type { Logger } from 'pino';
import { DEFAULT_ALLOWED_ORIGINS, httpTargetHandler } from '../../http-target/index.js';
import { shellHandler, SHELL_HANDLER } from '../../shell/index.js';
import type { Tickwork } from '../../tickwork/tickwork.js';
import { usageError } from '../cli-error.js';
import type { ServeConfig } from './serve-config.js';

/**
 * The built-in handlers of a serve worker: `http` (HTTP-target jobs, within the allowed origins) and
 * `shell` (allow-listed commands only; off when none are).
 */
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
  // The shell executor is registered either way: off, it fails each shell job saying so, rather than
  // leaving it waiting for a handler no worker has.
  tw.handle(SHELL_HANDLER, shellHandler({ allow: config.shellCommands }));
  if (config.shellCommands.length > 0) logger.info({ commands: config.shellCommands }, 'shell executor enabled');
  logger.info({ allowedOrigins, signed: config.httpSigningSecret !== null }, 'HTTP-target jobs enabled');
  if (config.httpSigningSecret === null) {
    logger.warn('HTTP-target requests are unsigned: set httpSigningSecret (TICKWORK_HTTP_SIGNING_SECRET)');
  }
}
