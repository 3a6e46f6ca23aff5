"""ScheduleService through tickwork_client: upsert, get, list, preview, pause, resume, run now, delete."""

import datetime as dt
import unittest

from support import ServerTestCase, unique
from tickwork_client import NotFound


class SchedulesTest(ServerTestCase):
    def test_upsert_get_and_preview_agree(self) -> None:
        sid, handler = unique("py-sched"), unique("py-nobody")
        s = self.client.schedules.upsert(sid, handler, {"table": "articles"}, cron="0 3 * * *", timezone="Asia/Shanghai")
        self.assertEqual(s.id, sid)
        self.assertEqual(s.trigger, {"cron": {"expression": "0 3 * * *", "timezone": "Asia/Shanghai"}})
        self.assertEqual(s.job["handler"], handler)
        self.assertEqual(s.job["payload"], {"table": "articles"})
        self.assertFalse(s.paused)
        fires = self.client.schedules.preview(sid, count=3)
        self.assertEqual(fires[0], s.next_fire_at)
        # 03:00 in Shanghai (UTC+8, no DST) is 19:00 UTC, a day apart.
        self.assertEqual([(f.hour, f.minute) for f in fires], [(19, 0)] * 3)
        self.assertEqual([b - a for a, b in zip(fires, fires[1:])], [dt.timedelta(days=1)] * 2)
        self.assertEqual(self.client.schedules.get(sid), s)

    def test_preview_a_trigger_without_saving(self) -> None:
        after = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
        fires = self.client.schedules.preview(every="90m", after=after, count=3)
        self.assertEqual(fires, [after + dt.timedelta(minutes=90 * k) for k in (1, 2, 3)])
        at = dt.datetime(2031, 5, 4, 12, 30, tzinfo=dt.timezone.utc)
        self.assertEqual(self.client.schedules.preview(at=at, after=after, count=5), [at])

    def test_upsert_again_updates_in_place(self) -> None:
        sid, handler = unique("py-sched"), unique("py-nobody")
        first = self.client.schedules.upsert(sid, handler, 1, every="1h")
        second = self.client.schedules.upsert(sid, handler, 2, every="1h")
        self.assertEqual(second.next_fire_at, first.next_fire_at)
        self.assertEqual(second.job["payload"], 2)

    def test_list_pause_resume_run_now_delete(self) -> None:
        handler = unique("py-nobody")
        payloads = {self.client.schedules.upsert(unique("py-sched"), handler, i, every="1h").id: i for i in range(3)}
        ids = sorted(payloads)
        listed, _ = self.client.schedules.list(handler=handler)
        self.assertEqual([s.id for s in listed], ids)
        self.assertTrue(self.client.schedules.pause(ids[0]).paused)
        paused, _ = self.client.schedules.list(handler=handler, paused=True)
        self.assertEqual([s.id for s in paused], [ids[0]])
        self.assertFalse(self.client.schedules.resume(ids[0]).paused)
        job = self.client.schedules.run_now(ids[1])
        self.assertEqual((job.schedule_id, job.handler, job.payload, job.state), (ids[1], handler, payloads[ids[1]], "queued"))
        self.assertEqual(self.client.jobs.get(job.id).id, job.id)
        self.client.schedules.delete(ids[2])
        with self.assertRaises(NotFound):
            self.client.schedules.get(ids[2])
        remaining, _ = self.client.schedules.list(handler=handler)
        self.assertEqual([s.id for s in remaining], ids[:2])


if __name__ == "__main__":
    unittest.main()
