-- Extends a holder's lease to a full TTL from now, if it still has it (compare-and-pexpire).
-- KEYS[1] the lock key
-- ARGV[1] "exclusive" or "shared", ARGV[2] the holder id sent to acquire.lua, ARGV[3] TTL (ms)
-- Returns 1 when extended, 0 when the lease is no longer this holder's: it is lost for good.
local key, holder, ttl = KEYS[1], ARGV[2], tonumber(ARGV[3])
-- the holder id of a value or field "token acquired-ms holder"
local function holder_of(id)
  return string.match(id, '^%d+ %d+ (.+)$')
end
local kind = redis.call('TYPE', key)['ok']
if ARGV[1] == 'exclusive' then
  if kind == 'string' and holder_of(redis.call('GET', key)) == holder then
    redis.call('PEXPIRE', key, ttl)
    return 1
  end
  return 0
end
if kind ~= 'hash' then
  return 0
end
local holders = redis.call('HGETALL', key)
local id, expires
for i = 1, #holders, 2 do
  if holder_of(holders[i]) == holder then
    id, expires = holders[i], holders[i + 1]
    break
  end
end
if not id then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if tonumber(expires) <= now then
  -- expired before this renewal: an exclusive taker may already have been let in
  redis.call('HDEL', key, id)
  return 0
end
redis.call('HSET', key, id, string.format('%d', now + ttl))
-- only ever lengthened: a holder with a short TTL never cuts the key's life under one with a longer TTL
if redis.call('PTTL', key) < ttl then
  redis.call('PEXPIRE', key, ttl)
end
return 1
