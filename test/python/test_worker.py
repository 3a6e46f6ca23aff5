"""A Python Worker over WorkerService: results, progress, retries after a failure, non-retryable
failures, cancellation of a running job, and a graceful stop that reports what was running."""

import threading
import unittest

from support import ADDRESS, ServerTestCase, unique, wait_for
from tickwork_client import NonRetryableError, Worker

FAST_RETRY = {"type": "fixed", "delay": "100ms"}


class WorkerTest(ServerTestCase):
    def worker(self, **options) -> Worker:
        w = Worker(ADDRESS, **options)
        self.addCleanup(w.stop, 10)
        return w

    def test_runs_jobs_and_reports_results_and_progress(self) -> None:
        name = unique("py-double")
        w = self.worker(concurrency=3)
        seen_keys = []

        @w.handler(name)
        def double(job):
            seen_keys.append(job.idempotency_key)
            job.progress({"step": "halfway"})
            return {"doubled": job.payload["n"] * 2}

        w.start()
        jobs = [self.client.jobs.enqueue(name, {"n": n}) for n in range(10)]
        done = [self.client.jobs.wait(j.id) for j in jobs]
        self.assertEqual([j.state for j in done], ["succeeded"] * 10)
        self.assertEqual([j.result for j in done], [{"doubled": n * 2} for n in range(10)])
        self.assertEqual({j.progress["step"] for j in done}, {"halfway"})
        self.assertEqual({j.attempt for j in done}, {1})
        self.assertEqual(len(set(seen_keys)), 10)

    def test_a_failure_is_retried_then_succeeds(self) -> None:
        name = unique("py-flaky")
        w = self.worker()
        attempts = []

        @w.handler(name)
        def flaky(job):
            attempts.append(job.attempt)
            if job.attempt == 1:
                raise ValueError("the warehouse did not answer")
            return "ok"

        w.start()
        job = self.client.jobs.wait(self.client.jobs.enqueue(name, {}, max_attempts=3, backoff=FAST_RETRY).id)
        self.assertEqual((job.state, job.attempt, job.result), ("succeeded", 2, "ok"))
        self.assertEqual(attempts, [1, 2])
        self.assertEqual((job.error.name, job.error.message), ("ValueError", "the warehouse did not answer"))

    def test_attempts_run_out(self) -> None:
        name = unique("py-always-fails")
        w = self.worker()
        w.register(name, lambda job: 1 / 0)
        w.start()
        job = self.client.jobs.wait(self.client.jobs.enqueue(name, {}, max_attempts=2, backoff=FAST_RETRY).id)
        self.assertEqual((job.state, job.attempt, job.error.name), ("failed", 2, "ZeroDivisionError"))
        self.assertIn("ZeroDivisionError", job.error.stack)

    def test_a_non_retryable_failure_is_final_at_once(self) -> None:
        name = unique("py-fatal")
        w = self.worker()

        @w.handler(name)
        def fatal(job):
            raise NonRetryableError(f"order {job.payload['orderId']} does not exist", code="ORDER_MISSING")

        w.start()
        job = self.client.jobs.wait(self.client.jobs.enqueue(name, {"orderId": 7}, max_attempts=5).id)
        self.assertEqual((job.state, job.attempt), ("failed", 1))
        self.assertEqual((job.error.code, job.error.retryable), ("ORDER_MISSING", False))
        self.assertEqual(job.error.message, "order 7 does not exist")

    def test_cancelling_a_running_job_aborts_the_handler(self) -> None:
        name = unique("py-long")
        w = self.worker()
        started, saw_abort = threading.Event(), threading.Event()

        @w.handler(name)
        def long_running(job):
            started.set()
            if job.cancelled.wait(30):
                saw_abort.set()
            job.check()
            return "not cancelled"

        w.start()
        job = self.client.jobs.enqueue(name, {})
        self.assertTrue(started.wait(20))
        self.assertEqual(self.client.jobs.get(job.id).state, "running")
        self.client.jobs.cancel(job.id, reason="order paid")
        self.assertTrue(saw_abort.wait(20), "the handler sees the abort")
        self.assertEqual(self.client.jobs.get(job.id).state, "cancelled")
        # Its slot comes back: the worker runs the next job.
        w_name_done = self.client.jobs.enqueue(name, {})
        wait_for("the next job to start", lambda: self.client.jobs.get(w_name_done.id).state == "running")
        self.client.jobs.cancel(w_name_done.id)

    def test_graceful_stop_finishes_and_reports_running_jobs(self) -> None:
        name = unique("py-stop")
        w = Worker(ADDRESS, concurrency=2)
        release, started = threading.Event(), threading.Semaphore(0)

        @w.handler(name)
        def slow(job):
            started.release()
            release.wait(20)
            return job.payload

        w.start()
        jobs = [self.client.jobs.enqueue(name, n) for n in range(2)]
        for _ in jobs:
            self.assertTrue(started.acquire(timeout=20))
        stopper = threading.Thread(target=w.stop, args=(20,))
        stopper.start()
        wait_for("the drain to begin", lambda: w.stopping)
        queued_after = self.client.jobs.enqueue(name, 99)
        release.set()
        stopper.join(30)
        self.assertFalse(stopper.is_alive())
        self.assertEqual([self.client.jobs.get(j.id).state for j in jobs], ["succeeded", "succeeded"])
        # Draining: nothing new was taken.
        self.assertEqual(self.client.jobs.get(queued_after.id).state, "queued")
        self.client.jobs.cancel(queued_after.id)


if __name__ == "__main__":
    unittest.main()
