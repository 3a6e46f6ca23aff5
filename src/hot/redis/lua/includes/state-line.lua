-- Parsing job records without JSON (see record-codec.ts). A record is six lines:
--   1 state     s|a|v|u|t|P|D|m|w|st|fi|n|pf|cr|h   decimal text; empty = none
--               state, attempt, version, updatedAt, runAt, priority, deadline, maxAttempts,
--               leaseOwner, startedAt, finishedAt, stalls, pausedFrom, cancel reason, handler
--   2 error JSON   3 result JSON   4 progress JSON   (empty = none)
--   5 body JSON (options Lua rarely reads)   6 payload JSON
-- A transition rewrites lines 1-4 and keeps lines 5-6 (the tail) as they are, and numbers it does
-- not change keep their text: no JSON and little number formatting per job. The pattern validates.

local STATE_LINE = '^([sqrpdfc])|(%d+)|(%d+)|(%d+)|(%-?%d+)|(%-?%d*)|(%-?%d*)|(%d+)|([^|]*)|(%d*)|(%d*)|(%d*)|([sq]?)|(%a*)|([^|]+)$'

-- The record's fields and its tail (body and payload lines), or nil and why it is malformed.
local function parse_record(raw)
  local c1 = string.find(raw, '\n', 1, true)
  local c2 = c1 and string.find(raw, '\n', c1 + 1, true)
  local c3 = c2 and string.find(raw, '\n', c2 + 1, true)
  local c4 = c3 and string.find(raw, '\n', c3 + 1, true)
  if not c4 or not string.find(raw, '\n', c4 + 1, true) then
    return nil, 'record has fewer than six lines'
  end
  local s, a, v, u, t, P, D, m, w, st, fi, n, pf, cr, handler = string.match(string.sub(raw, 1, c1 - 1), STATE_LINE)
  if not s then
    return nil, 'state line is malformed'
  end
  return {
    s = s, a = a, v = v, u = u, t = t, P = P, D = D, m = m, w = w, st = st, fi = fi, n = n, pf = pf, cr = cr,
    h = handler,
    e = string.sub(raw, c1 + 1, c2 - 1),
    R = string.sub(raw, c2 + 1, c3 - 1),
    g = string.sub(raw, c3 + 1, c4 - 1),
  }, string.sub(raw, c4 + 1)
end

-- Lines 1-4 of a record: what a transition changes, and what a change record carries.
local function mutable_text(h)
  return table.concat({ h.s, h.a, h.v, h.u, h.t, h.P, h.D, h.m, h.w, h.st, h.fi, h.n, h.pf, h.cr, h.h }, '|')
    .. '\n' .. h.e .. '\n' .. h.R .. '\n' .. h.g
end
