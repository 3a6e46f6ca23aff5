"""The application's own data (seed 000): products with stock, and orders that hold stock until they are
paid or cancelled. It lives in the app's database (SQLite here), not in tickwork's."""

from __future__ import annotations

import sqlite3
from typing import Optional


class Shop:
    def __init__(self, path: str) -> None:
        # One connection per Shop; the worker process opens its own on the same file.
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.executescript(
            """
            CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, stock INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS orders (
              id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products(id),
              quantity INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'unpaid');
            """
        )

    def add_product(self, name: str, stock: int) -> int:
        return self.db.execute("INSERT INTO products (name, stock) VALUES (?, ?)", (name, stock)).lastrowid

    def stock(self, product_id: int) -> int:
        return self.db.execute("SELECT stock FROM products WHERE id = ?", (product_id,)).fetchone()[0]

    def order(self, order_id: int) -> Optional[dict]:
        row = self.db.execute("SELECT id, product_id, quantity, status FROM orders WHERE id = ?", (order_id,)).fetchone()
        return None if row is None else dict(zip(("id", "product_id", "quantity", "status"), row))

    def create_order(self, product_id: int, quantity: int) -> dict:
        """Takes the stock and records the order as unpaid, in one transaction."""
        with self._transaction():
            left = self.db.execute(
                "UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ? RETURNING stock",
                (quantity, product_id, quantity),
            ).fetchone()
            if left is None:
                raise ValueError(f"product {product_id}: not enough stock for {quantity}")
            order_id = self.db.execute(
                "INSERT INTO orders (product_id, quantity) VALUES (?, ?)", (product_id, quantity)
            ).lastrowid
        return self.order(order_id)

    def pay(self, order_id: int) -> bool:
        """unpaid → paid. False when the order was already cancelled (the timeout won)."""
        return self.db.execute("UPDATE orders SET status = 'paid' WHERE id = ? AND status = 'unpaid'", (order_id,)).rowcount == 1

    def cancel_if_unpaid(self, order_id: int) -> str:
        """The timeout's work: an unpaid order is cancelled and its stock restored. Idempotent: running it
        twice (at-least-once delivery) changes nothing the second time."""
        with self._transaction():
            row = self.db.execute(
                "UPDATE orders SET status = 'cancelled' WHERE id = ? AND status = 'unpaid' RETURNING product_id, quantity",
                (order_id,),
            ).fetchone()
            if row is None:
                return self.order(order_id)["status"]  # paid, or already cancelled
            self.db.execute("UPDATE products SET stock = stock + ? WHERE id = ?", (row[1], row[0]))
        return "cancelled"

    def _transaction(self):
        db = self.db

        class Tx:
            def __enter__(self):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self, kind, *_):
                db.execute("ROLLBACK" if kind else "COMMIT")

        return Tx()
