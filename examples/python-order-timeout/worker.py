"""The Python worker: runs `cancel-order` for tickwork over WorkerService.

    python3 worker.py --server 127.0.0.1:7420 --db shop.db
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading

from tickwork_client import NonRetryableError, Worker

from orders import CANCEL_ORDER
from shop import Shop


def make_worker(server: str, db: str, concurrency: int = 4) -> Worker:
    shop = Shop(db)
    lock = threading.Lock()  # one sqlite3 connection, several handler threads
    worker = Worker(server, concurrency=concurrency)

    @worker.handler(CANCEL_ORDER)
    def cancel_order(job):
        order_id = job.payload["orderId"]
        with lock:
            if shop.order(order_id) is None:
                raise NonRetryableError(f"order {order_id} does not exist", code="ORDER_MISSING")
            outcome = shop.cancel_if_unpaid(order_id)
        logging.info("order %s: %s", order_id, outcome)
        return {"orderId": order_id, "outcome": outcome}

    return worker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", default="127.0.0.1:7420")
    parser.add_argument("--db", default="shop.db")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="worker: %(message)s")
    worker = make_worker(args.server, args.db, args.concurrency)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    worker.start()
    print("worker: connected, running cancel-order", flush=True)
    stop.wait()
    worker.stop()  # graceful: finish and report what runs


if __name__ == "__main__":
    main()
