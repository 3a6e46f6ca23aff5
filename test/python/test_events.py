"""EventService through tickwork_client: a subscription sees job and schedule transitions, filtered."""

import unittest

from support import Collector, ServerTestCase, unique, wait_for


class EventsTest(ServerTestCase):
    def subscribed(self, probe, **filters) -> Collector:
        """A live subscription: a server stream says nothing until an event matches, so probe (make a
        matching event) until one arrives, then clear what was seen."""
        events = Collector(self.client.events.subscribe(**filters))
        wait_for("the subscription to be live", lambda: events.items or probe() and False, timeout=20, every=0.2)
        events.items.clear()
        return events

    def test_job_events_in_order_filtered_by_queue(self) -> None:
        queue, handler = unique("py-evq"), unique("py-nobody")
        events = self.subscribed(lambda: self.client.jobs.enqueue(handler, "probe", queue=queue, delay="1h"), queues=[queue])
        other = self.client.jobs.enqueue(handler, {}, delay="1h")  # another queue: filtered out
        job = self.client.jobs.enqueue(handler, {"n": 1}, queue=queue, delay="1h", id=unique("py-ev"))
        self.client.jobs.pause(job.id)
        self.client.jobs.resume(job.id)
        self.client.jobs.cancel(job.id)
        wait_for("four events", lambda: len([e for e in events.items if e.job_id == job.id]) >= 4)
        mine = [e for e in events.items if e.job_id == job.id]
        self.assertEqual([e.type for e in mine], ["job.added", "job.paused", "job.resumed", "job.cancelled"])
        self.assertEqual([e.state for e in mine], ["scheduled", "paused", "scheduled", "cancelled"])
        self.assertTrue(all(e.queue == queue and e.handler == handler and e.namespace == "default" for e in mine))
        self.assertNotIn(other.id, {e.job_id for e in events.items})

    def test_types_filter_and_schedule_events(self) -> None:
        sid, handler = unique("py-evs"), unique("py-nobody")
        self.client.schedules.upsert(sid, handler, 0, every="1h")
        events = self.subscribed(lambda: self.client.schedules.pause(sid) and self.client.schedules.resume(sid), schedule_ids=[sid], types=["schedule.paused"])
        self.client.schedules.resume(sid)
        self.client.schedules.pause(sid)
        self.client.schedules.resume(sid)
        self.client.schedules.pause(sid)
        wait_for("two pauses", lambda: len(events.items) >= 2)
        self.assertEqual({e.type for e in events.items}, {"schedule.paused"})
        self.assertEqual({e.schedule_id for e in events.items}, {sid})


if __name__ == "__main__":
    unittest.main()
