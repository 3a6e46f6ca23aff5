import type { ConnectRouter } from '@connectrpc/connect';
import { AdminService } from '../gen/tickwork/v1/admin_pb.js';
import { EventService } from '../gen/tickwork/v1/events_pb.js';
import { JobService } from '../gen/tickwork/v1/jobs_pb.js';
import { ScheduleService } from '../gen/tickwork/v1/schedules_pb.js';
import type { ApiContext } from './context.js';
import { adminService } from './services/admin-service.js';
import { eventService } from './services/event-service.js';
import { jobService } from './services/job-service.js';
import { scheduleService } from './services/schedule-service.js';
import { WorkerService } from '../gen/tickwork/v1/workers_pb.js';
import { workerService } from './workers/worker-service.js';

/** The services this server implements: every service of tickwork.v1. */
export function registerRoutes(router: ConnectRouter, ctx: ApiContext): void {
  router.service(JobService, jobService(ctx));
  router.service(ScheduleService, scheduleService(ctx));
  router.service(EventService, eventService(ctx));
  router.service(AdminService, adminService(ctx));
  router.service(WorkerService, workerService(ctx));
}
