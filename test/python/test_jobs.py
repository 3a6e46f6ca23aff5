"""JobService through tickwork_client: enqueue, get, list, update, pause, resume, cancel, retry, delete,
watch. No worker runs these handlers, so jobs stay where the test puts them."""

import datetime as dt
import unittest

from support import Collector, ServerTestCase, unique, wait_for
from tickwork_client import NotFound


class JobsTest(ServerTestCase):
    def test_enqueue_and_get_by_id_and_key(self) -> None:
        handler, key = unique("py-nobody"), unique("order")
        job = self.client.jobs.enqueue(handler, {"orderId": 42, "items": [1, 2.5], "note": None}, delay="30m", key=key)
        self.assertEqual(job.state, "scheduled")
        self.assertEqual(job.handler, handler)
        self.assertEqual(job.key, key)
        self.assertEqual(job.payload, {"orderId": 42, "items": [1, 2.5], "note": None})
        self.assertIsInstance(job.payload["orderId"], int)
        self.assertGreater(job.run_at, dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=29))
        self.assertEqual(self.client.jobs.get(job.id), job)
        self.assertEqual(self.client.jobs.get(key=key).id, job.id)

    def test_run_at_options_and_outcomes(self) -> None:
        handler, key = unique("py-nobody"), unique("k")
        at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(hours=2)
        first = self.client.jobs.enqueue_ex(
            handler, 1, run_at=at, key=key, queue="py-q", priority=5, max_attempts=7, timeout="90s",
            backoff={"type": "fixed", "delay": "2s"},
        )
        self.assertEqual(first.outcome, "created")
        job = first.job
        self.assertEqual((job.run_at, job.queue, job.priority, job.max_attempts), (at, "py-q", 5, 7))
        self.assertEqual(job.timeout, dt.timedelta(seconds=90))
        again = self.client.jobs.enqueue_ex(handler, 2, key=key)
        self.assertEqual((again.outcome, again.job.id), ("existing", job.id))
        replaced = self.client.jobs.enqueue_ex(handler, 3, key=key, on_key_conflict="replace")
        self.assertEqual(replaced.outcome, "replaced")
        self.assertNotEqual(replaced.job.id, job.id)
        self.assertEqual(self.client.jobs.get(job.id).state, "cancelled")

    def test_list_filters_and_pages(self) -> None:
        handler = unique("py-list")
        ids = [self.client.jobs.enqueue(handler, i, delay="1h").id for i in range(5)]
        first, token = self.client.jobs.list(handlers=[handler], page_size=2)
        self.assertEqual(len(first), 2)
        self.assertTrue(token)
        everything = list(self.client.jobs.iter(handlers=[handler], page_size=2))
        self.assertEqual(sorted(j.id for j in everything), sorted(ids))
        self.assertEqual([j.id for j in everything[:2]], [j.id for j in first])
        self.client.jobs.pause(ids[0])
        paused, _ = self.client.jobs.list(handlers=[handler], states=["paused"])
        self.assertEqual([j.id for j in paused], [ids[0]])
        found, _ = self.client.jobs.list(handlers=[handler], payload_contains="4")
        self.assertEqual([j.id for j in found], [ids[4]])

    def test_pause_resume_cancel_retry_delete(self) -> None:
        handler, key = unique("py-life"), unique("order")
        job = self.client.jobs.enqueue(handler, {}, delay="1h", key=key)
        paused = self.client.jobs.pause(key=key)
        self.assertEqual((paused.state, paused.paused_from), ("paused", "scheduled"))
        self.assertEqual(self.client.jobs.resume(job.id).state, "scheduled")
        cancelled = self.client.jobs.cancel(key=key, reason="order paid")
        self.assertEqual(cancelled.state, "cancelled")
        with self.assertRaises(NotFound):
            self.client.jobs.get(key=key)  # a cancelled job no longer holds its key
        retried = self.client.jobs.retry(job.id)
        self.assertEqual(retried.state, "queued")
        self.assertEqual(self.client.jobs.delete(job.id), job.id)
        with self.assertRaises(NotFound):
            self.client.jobs.get(job.id)

    def test_update_reschedules(self) -> None:
        job = self.client.jobs.enqueue(unique("py-upd"), {"v": 1}, delay="1h")
        later = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(days=1)
        updated = self.client.jobs.update(job.id, run_at=later, payload={"v": 2}, priority=3)
        self.assertEqual((updated.run_at, updated.payload, updated.priority), (later, {"v": 2}, 3))

    def test_enqueue_batch(self) -> None:
        handler = unique("py-batch")
        ids = self.client.jobs.enqueue_batch([self.client.jobs.submission(handler, i, delay="1h") for i in range(50)])
        self.assertEqual(len(set(ids)), 50)
        self.assertEqual(len(list(self.client.jobs.iter(handlers=[handler]))), 50)

    def test_watch_follows_the_job_until_final(self) -> None:
        job = self.client.jobs.enqueue(unique("py-watch"), {}, delay="1h", paused=True)
        watch = Collector(self.client.jobs.watch(job.id))
        wait_for("the watch's first message", lambda: watch.items)
        self.assertEqual(watch.items[0].state, "paused")
        self.client.jobs.resume(job.id)
        wait_for("the resume", lambda: len(watch.items) >= 2)
        self.client.jobs.cancel(job.id)
        self.assertTrue(watch.done.wait(20), "the watch ends once the job is final")
        self.assertIsNone(watch.error)
        self.assertEqual([j.state for j in watch.items], ["paused", "scheduled", "cancelled"])

    def test_watch_of_a_final_job_yields_it_once(self) -> None:
        job = self.client.jobs.cancel(self.client.jobs.enqueue(unique("py-watch"), {}, delay="1h").id)
        self.assertEqual([j.state for j in self.client.jobs.watch(job.id)], ["cancelled"])


if __name__ == "__main__":
    unittest.main()
