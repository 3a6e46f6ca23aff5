import Database from 'better-sqlite3';

export type OrderStatus = 'unpaid' | 'paid' | 'cancelled';

export interface Order {
  id: number;
  productId: number;
  quantity: number;
  status: OrderStatus;
}

/**
 * The application's own data (seed 000): products with stock, and orders that hold stock until they
 * are paid or cancelled. It lives in the app's database, not in tickwork's.
 */
export class Shop {
  readonly db: Database.Database;

  constructor(path = ':memory:') {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, stock INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS orders (
        id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products(id),
        quantity INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'unpaid');
    `);
  }

  addProduct(name: string, stock: number): number {
    return Number(this.db.prepare('INSERT INTO products (name, stock) VALUES (?, ?)').run(name, stock).lastInsertRowid);
  }

  stock(productId: number): number {
    return (this.db.prepare('SELECT stock FROM products WHERE id = ?').get(productId) as { stock: number }).stock;
  }

  /** Takes the stock and creates an unpaid order, in one transaction. */
  createOrder(productId: number, quantity: number): Order {
    return this.db.transaction(() => {
      const taken = this.db
        .prepare('UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?')
        .run(quantity, productId, quantity);
      if (taken.changes === 0) throw new Error(`product ${productId}: not enough stock for ${quantity}`);
      const id = Number(
        this.db.prepare('INSERT INTO orders (product_id, quantity) VALUES (?, ?)').run(productId, quantity)
          .lastInsertRowid,
      );
      return { id, productId, quantity, status: 'unpaid' as const };
    })();
  }

  order(id: number): Order | undefined {
    return this.db.prepare('SELECT id, product_id AS productId, quantity, status FROM orders WHERE id = ?').get(id) as
      Order | undefined;
  }

  /** unpaid → paid; false if the order is no longer unpaid (too late: it was cancelled). */
  pay(id: number): boolean {
    return (
      this.db.prepare(`UPDATE orders SET status = 'paid' WHERE id = ? AND status = 'unpaid'`).run(id).changes === 1
    );
  }

  /**
   * Cancels the order if it is still unpaid and gives its stock back, in one transaction. Idempotent:
   * a second run (the job retried after a crash) finds it no longer unpaid and changes nothing.
   */
  cancelIfUnpaid(id: number): 'cancelled' | OrderStatus {
    return this.db.transaction(() => {
      const order = this.order(id);
      if (!order) throw new Error(`order ${id} does not exist`);
      if (order.status !== 'unpaid') return order.status;
      this.db.prepare(`UPDATE orders SET status = 'cancelled' WHERE id = ?`).run(id);
      this.db.prepare('UPDATE products SET stock = stock + ? WHERE id = ?').run(order.quantity, order.productId);
      return 'cancelled' as const;
    })();
  }

  close(): void {
    this.db.close();
  }
}
