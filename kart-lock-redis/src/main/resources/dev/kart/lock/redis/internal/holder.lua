-- Who holds one lock key now, read in one step: for RunLock.holder() and CacheLock.holders(), a lookup of that key
-- alone; for LockBackend.heldLocks() (kart locks), on each key its SCAN found, so a key taken again in the other mode
-- meanwhile is read whole. Reads only.
-- KEYS[1] the lock key
-- Returns {now, 'string', ms, value} for a string key (an exclusive holder of kart's lock protocol, valued
-- with its id "token acquired-ms holder"); {now, 'hash', ms, field, value, field, value...} for a hash
-- (shared holders of kart's lock protocol, each valued with its own expiry in server ms; or Redisson's
-- lock, one field per holder); {now, 'none'} when no one holds it; {now, kind} for a key of another kind (a
-- list, a set...: another application's). now is the server's clock (ms since the epoch), ms how long Redis
-- keeps the key.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local key = KEYS[1]
local kind = redis.call('TYPE', key)['ok']
if kind == 'string' then
  return {now, kind, redis.call('PTTL', key), redis.call('GET', key)}
end
if kind == 'hash' then
  local reply = {now, kind, redis.call('PTTL', key)}
  local fields = redis.call('HGETALL', key)
  for i = 1, #fields do
    reply[#reply + 1] = fields[i]
  end
  return reply
end
return {now, kind}
