import { defineHandler, NonRetryableError, type Duration, type Tickwork } from '../../src/index.js';
import type { Order, Shop } from './shop.js';

export const CANCEL_IF_UNPAID = 'orders.cancel-if-unpaid';

/** The job that fires when an order's payment window ends (seed 000's dynamic timer). */
export function cancelIfUnpaidHandler(shop: Shop) {
  return defineHandler<{ orderId: number }, { outcome: string }>(CANCEL_IF_UNPAID, ({ orderId }) => {
    if (!shop.order(orderId)) throw new NonRetryableError(`order ${orderId} does not exist`);
    return { outcome: shop.cancelIfUnpaid(orderId) };
  });
}

const keyOf = (orderId: number) => `order:${orderId}`;

/** Creates the order and, in the same breath, its cancellation `timeout` later under key `order:<id>`. */
export async function placeOrder(
  tw: Tickwork,
  shop: Shop,
  productId: number,
  quantity: number,
  timeout: Duration = '30m',
): Promise<Order> {
  const order = shop.createOrder(productId, quantity);
  await tw.jobs.enqueue(CANCEL_IF_UNPAID, { orderId: order.id }, { delay: timeout, key: keyOf(order.id) });
  return order;
}

/** Pays the order and cancels its timeout job by key. False when the order was already cancelled. */
export async function payOrder(tw: Tickwork, shop: Shop, orderId: number): Promise<boolean> {
  if (!shop.pay(orderId)) return false;
  const job = await tw.jobs.findByKey(keyOf(orderId));
  if (job) await tw.jobs.cancel(job.id);
  return true;
}
