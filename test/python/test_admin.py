"""AdminService through tickwork_client: queue stats by state, queue pause switches, health, version."""

import unittest

from support import ADDRESS, ServerTestCase, unique, wait_for
from tickwork_client import Worker


class AdminTest(ServerTestCase):
    def test_queue_stats_count_by_state(self) -> None:
        queue, handler = unique("py-stats"), unique("py-nobody")
        for _ in range(3):
            self.client.jobs.enqueue(handler, {}, queue=queue, delay="1h")
        paused = self.client.jobs.enqueue(handler, {}, queue=queue, delay="1h")
        self.client.jobs.pause(paused.id)
        self.client.jobs.cancel(self.client.jobs.enqueue(handler, {}, queue=queue).id)
        stats = self.client.admin.queue_stats()[queue]
        self.assertEqual(
            stats,
            {
                "paused": False,
                "counts": {"scheduled": 3, "queued": 0, "running": 0, "succeeded": 0, "failed": 0, "cancelled": 1, "paused": 1},
            },
        )

    def test_a_paused_queue_keeps_accepting_and_runs_once_resumed(self) -> None:
        queue, handler = unique("py-pq"), unique("py-pq")
        self.client.admin.pause_queue(queue)
        self.assertTrue(self.client.admin.queue_stats()[queue]["paused"])
        worker = Worker(ADDRESS, queues=[queue])
        self.addCleanup(worker.stop, 10)
        worker.register(handler, lambda job: "ran")
        worker.start()
        job = self.client.jobs.enqueue(handler, {}, queue=queue)
        self.assertEqual(self.client.jobs.get(job.id).state, "queued")
        self.client.admin.resume_queue(queue)
        self.assertFalse(self.client.admin.queue_stats()[queue]["paused"])
        # The resume wakes the remote worker's session: well before the session's 30 s sleep cap.
        wait_for("the job to run", lambda: self.client.jobs.get(job.id).state == "succeeded", timeout=15)
        self.assertEqual(self.client.jobs.get(job.id).result, "ran")
        wait_for("the stats to show it", lambda: self.client.admin.queue_stats()[queue]["counts"]["succeeded"] == 1)

    def test_health_and_version(self) -> None:
        self.assertEqual(self.client.admin.health(), "serving")
        version = self.client.admin.version()
        self.assertEqual(version["api"], "tickwork.v1")
        self.assertTrue(version["version"])


if __name__ == "__main__":
    unittest.main()
