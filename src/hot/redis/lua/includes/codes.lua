-- Result codes shared by the scripts; mapped to typed errors in error-codes.ts (one place).
local OK = 1
local UNCHANGED = 0
local NOT_FOUND = -1
local INVALID_STATE = -2
local STALE_LEASE = -3
local NEWER = 2
