"""A tickwork schedule that calls the recommendation service as an HTTP-target job, over Connect's JSON
protocol: every `--every`, tickwork POSTs the UserRequest as JSON to
/reco.UserRecommend/user_recommend and stores the ArticleResponse (JSON) as the job's result, with the
job's timeout and retry policy applied to failures and non-2xx answers. No worker, no handler code:
the service's own URL is the job.

    python3 schedule_recommendations.py --tickwork 127.0.0.1:7420 --reco http://127.0.0.1:8888 --run-now
"""

from __future__ import annotations

import argparse
import json
import sys

from tickwork_client import Client

ROUTE = "/reco.UserRecommend/user_recommend"


def upsert_refresh(client: Client, reco_url: str, user_id: str, channel_id: int, article_num: int, every: str):
    """The schedule `reco:refresh:<user>:<channel>`: stable id, so declaring it at every start-up neither
    moves nor repeats its fires."""
    return client.schedules.upsert(
        f"reco:refresh:{user_id}:{channel_id}",
        url=reco_url.rstrip("/") + ROUTE,
        # Connect's unary JSON protocol: the request message as JSON (proto field names are accepted).
        headers={"Connect-Protocol-Version": "1"},
        payload={"user_id": user_id, "channel_id": channel_id, "article_num": article_num, "time_stamp": 0},
        every=every,
        timeout="10s",
        max_attempts=3,
        backoff={"type": "fixed", "delay": "1s"},
        overlap="skip",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickwork", default="127.0.0.1:7420")
    parser.add_argument("--reco", default="http://127.0.0.1:8888")
    parser.add_argument("--user", default="1")
    parser.add_argument("--channel", type=int, default=10)
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--every", default="10m")
    parser.add_argument("--run-now", action="store_true", help="fire once now and wait for the answer")
    args = parser.parse_args()
    with Client(args.tickwork) as client:
        schedule = upsert_refresh(client, args.reco, args.user, args.channel, args.count, args.every)
        print(f"schedule {schedule.id}: POST {schedule.job['http']['url']} every {args.every}, next at {schedule.next_fire_at}")
        if not args.run_now:
            return 0
        job = client.jobs.wait(client.schedules.run_now(schedule.id).id)
        print(json.dumps({"schedule": schedule.id, "job": job.id, "state": job.state, "attempt": job.attempt,
                          "result": job.result, "error": job.error.message if job.error else None}))
        return 0 if job.state == "succeeded" else 1


if __name__ == "__main__":
    sys.exit(main())
