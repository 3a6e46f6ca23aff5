import Database from 'better-sqlite3';
const db = new Database(':memory:');
db.exec(
  `CREATE TABLE t (seq INTEGER PRIMARY KEY, ns TEXT, id TEXT, a TEXT, b TEXT, c INT, d INT, e INT, f INT, g INT, h INT, i INT, j INT, k INT, l INT, m INT, n INT, o TEXT, p TEXT, q TEXT, r INT, s INT, t INT, u INT, v INT, w INT, x INT, y INT, z INT, aa INT, bb INT); CREATE UNIQUE INDEX ti ON t(id, ns);`,
);
const ins = db.prepare('INSERT INTO t (ns, id, a, b, c) VALUES (?, ?, ?, ?, ?)');
db.transaction(() => {
  for (let i = 0; i < 20000; i++) ins.run('bench', `job-${i}`, 'q', '{"x":1}', i);
})();
const bench = (name: string, fn: (i: number) => unknown) => {
  const t = performance.now();
  for (let i = 0; i < 20000; i++) fn(i);
  console.log(name, ((performance.now() - t) / 20).toFixed(2), 'µs');
};
const s1 = db.prepare('SELECT * FROM t WHERE id = @id AND ns = @ns');
const s2 = db.prepare('SELECT * FROM t WHERE id = ? AND ns = ?');
const s3 = db.prepare('SELECT seq FROM t WHERE id = ? AND ns = ?');
const s4 = db.prepare('SELECT * FROM t WHERE id = ? AND ns = ?').raw();
const s5 = db.prepare('SELECT * FROM t WHERE seq = ?');
bench('select * named', (i) => s1.get({ id: `job-${i}`, ns: 'bench' }));
bench('select * positional', (i) => s2.get(`job-${i}`, 'bench'));
bench('select seq', (i) => s3.get(`job-${i}`, 'bench'));
bench('select * raw', (i) => s4.get(`job-${i}`, 'bench'));
bench('select * by seq', (i) => s5.get(i + 1));
bench('noop', (i) => `job-${i}`);
