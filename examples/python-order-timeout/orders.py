"""The web app's side of the story: placing an order schedules its cancellation under the key
`order:<id>`; paying it cancels that job by key. Both talk to tickwork through tickwork_client."""

from __future__ import annotations

from tickwork_client import Client, Job, NotFound
from tickwork_client.convert import DurationLike

from shop import Shop

CANCEL_ORDER = "cancel-order"


def key_of(order_id: int) -> str:
    return f"order:{order_id}"


def place_order(client: Client, shop: Shop, product_id: int, quantity: int, timeout: DurationLike = "30m") -> tuple[dict, Job]:
    """Creates the order and its cancellation `timeout` later. The key makes a retried request (the
    same order placed twice by a flaky network) schedule one job, not two."""
    order = shop.create_order(product_id, quantity)
    job = client.jobs.enqueue(CANCEL_ORDER, {"orderId": order["id"]}, delay=timeout, key=key_of(order["id"]))
    return order, job


def pay_order(client: Client, shop: Shop, order_id: int) -> bool:
    """Pays the order and cancels its timeout job. False when the timeout already cancelled the order."""
    if not shop.pay(order_id):
        return False
    try:
        client.jobs.cancel(key=key_of(order_id), reason="order paid")
    except NotFound:
        pass  # the job is already running or done: cancel_if_unpaid sees the order paid and does nothing
    return True
