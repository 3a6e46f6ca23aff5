export type {
  ClaimRequest,
  ClaimResult,
  DemotedJob,
  ExpiredLease,
  HotFinishResult,
  HotJobPatch,
  HotLeaseRef,
  HotOutcome,
  HotQueueInfo,
  HotTier,
  JobRef,
  PushJob,
  PushOptions,
  PushResult,
  QuarantinedRecord,
  QueueRef,
  RetireRef,
  RetireResult,
  WakeListener,
} from './hot-tier.js';
export type { ChangeBatch, ChangeReceipt, ChangeReceiptEntry, HotChange, ReadChangesRequest } from './hot-changes.js';
export { HotTierUnavailableError } from './hot-tier-unavailable-error.js';
export { RedisHotTier } from './redis/redis-hot-tier.js';
export type { HotTierLogger, RedisHotTierOptions } from './redis/options.js';
