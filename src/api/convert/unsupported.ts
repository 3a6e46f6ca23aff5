import { Code, ConnectError } from '@connectrpc/connect';
import { ErrorCode, ErrorDetailSchema } from '../../gen/tickwork/v1/common_pb.js';

/**
 * HTTP-target jobs are in the IDL but not yet in the engine (issue 4, item 3). Until they are, naming
 * one is UNIMPLEMENTED rather than INVALID_ARGUMENT: the request is well-formed, this server just cannot
 * do it, and a client may try another (newer) server.
 */
export function httpTargetUnsupported(field: string): ConnectError {
  const message = `${field}: HTTP-target jobs are not supported by this server yet`;
  return new ConnectError(message, Code.Unimplemented, undefined, [
    { desc: ErrorDetailSchema, value: { code: ErrorCode.UNSPECIFIED, message, field } },
  ]);
}
