import { createClient, type Interceptor } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import { AdminService } from '../../../src/gen/tickwork/v1/admin_pb.js';
import { EventService } from '../../../src/gen/tickwork/v1/events_pb.js';
import { JobService } from '../../../src/gen/tickwork/v1/jobs_pb.js';
import { ScheduleService } from '../../../src/gen/tickwork/v1/schedules_pb.js';
import { settings } from './settings.js';

/** Every call carries the saved token, when there is one (the server decides whether it needs it). */
const bearer: Interceptor = (next) => (req) => {
  const token = settings.token();
  if (token) req.header.set('authorization', `Bearer ${token}`);
  return next(req);
};

/** Connect's JSON protocol on the page's own origin: the dashboard is served by the API it calls. */
const transport = createConnectTransport({
  baseUrl: window.location.origin,
  interceptors: [bearer],
  useBinaryFormat: false,
});

export const jobsApi = createClient(JobService, transport);
export const schedulesApi = createClient(ScheduleService, transport);
export const adminApi = createClient(AdminService, transport);
export const eventsApi = createClient(EventService, transport);
