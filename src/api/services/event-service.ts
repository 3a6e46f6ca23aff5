import { create } from '@bufbuild/protobuf';
import type { ServiceImpl } from '@connectrpc/connect';
import { EventService, SubscribeResponseSchema } from '../../gen/tickwork/v1/events_pb.js';
import type { ApiContext } from '../context.js';
import { eventMatcher, eventToProto } from '../convert/event.js';
import { streamEvents } from '../event-stream.js';

/** EventService: the namespace's live feed, filtered, until the client cancels or the server drains. */
export function eventService(ctx: ApiContext): ServiceImpl<typeof EventService> {
  return {
    async *subscribe(req, context) {
      // Validate the filter and the namespace before the stream starts, so bad input is a status.
      const matches = eventMatcher(req.filter);
      const tw = await ctx.scopes.get(req.namespace);
      for await (const { event, dropped } of streamEvents(tw, matches, context.signal, ctx.limits.eventBufferSize)) {
        yield create(SubscribeResponseSchema, { event: eventToProto(event), dropped });
      }
    },
  };
}
