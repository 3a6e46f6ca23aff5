"""The order-timeout story in Python, end to end, against a running `tickwork serve`.

    python3 demo.py --server 127.0.0.1:7420            # the real 30-minute payment window
    python3 demo.py --server 127.0.0.1:7420 --demo     # the window compressed to 2 seconds

Starts the worker (worker.py) as its own process, places two orders, pays one, and watches both
timeout jobs: the paid order's job is cancelled, the unpaid order is cancelled by the worker when its
window ends and its stock comes back. The last line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

from tickwork_client import Client

from orders import key_of, pay_order, place_order
from shop import Shop

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="127.0.0.1:7420")
    parser.add_argument("--db", help="the shop's SQLite file [a temporary one]")
    parser.add_argument("--demo", action="store_true", help="compress the 30-minute window to 2 seconds")
    args = parser.parse_args()
    timeout = "2s" if args.demo else "30m"
    db = args.db or os.path.join(tempfile.mkdtemp(prefix="shop-"), "shop.db")

    shop = Shop(db)
    client = Client(args.server)
    worker = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "worker.py"), "--server", args.server, "--db", db],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout is not None
        print(worker.stdout.readline().strip())  # "connected": the worker is ready for jobs

        phone = shop.add_product("phone", stock=10)
        paid, paid_job = place_order(client, shop, phone, 2, timeout)
        unpaid, unpaid_job = place_order(client, shop, phone, 3, timeout)
        print(f"placed orders {paid['id']} and {unpaid['id']}; stock now {shop.stock(phone)}; payment window {timeout}")
        print(f"  {key_of(paid['id'])} → job {paid_job.id} ({paid_job.state}, runs at {paid_job.run_at:%H:%M:%S})")

        pay_order(client, shop, paid["id"])
        print(f"order {paid['id']} paid: its timeout job is {client.jobs.get(paid_job.id).state}")

        print(f"watching order {unpaid['id']}'s timeout job:")
        for job in client.jobs.watch(unpaid_job.id):
            print(f"  {job.state}" + (f" → {job.result}" if job.result is not None else ""))
        final = client.jobs.get(unpaid_job.id)
        summary = {
            "orders": {str(o["id"]): shop.order(o["id"])["status"] for o in (paid, unpaid)},
            "jobs": {str(paid["id"]): client.jobs.get(paid_job.id).state, str(unpaid["id"]): final.state},
            "result": final.result,
            "stock": shop.stock(phone),
        }
        print(json.dumps(summary))
        expected = summary["orders"] == {str(paid["id"]): "paid", str(unpaid["id"]): "cancelled"} and summary["stock"] == 8
        return 0 if expected else 1
    finally:
        worker.terminate()  # SIGTERM: the worker drains and stops
        worker.wait(30)
        client.close()


if __name__ == "__main__":
    sys.exit(main())
