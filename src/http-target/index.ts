export { httpTargetHandler, type HttpTargetOptions, type HttpTargetResult } from './dispatch.js';
export { verifySignature, signatureHeader, SIGNATURE_HEADER_NAME, type VerifyOptions } from './signature.js';
export { OriginPolicy, DEFAULT_ALLOWED_ORIGINS } from './origin-policy.js';
