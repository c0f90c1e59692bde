-- Releases a holder's lease if it still has it, and wakes waiters by publishing on the key's channel.
-- KEYS[1] the lock key
-- ARGV[1] "exclusive" or "shared", ARGV[2] the holder's id (from acquire.lua)
-- Returns 1 when released, 0 when the lease was no longer this holder's (it expired, and maybe
-- passed to another holder, whose lease is left alone).
local key, id = KEYS[1], ARGV[2]
local kind = redis.call('TYPE', key)['ok']
if ARGV[1] == 'exclusive' then
  if kind == 'string' and redis.call('GET', key) == id then
    redis.call('DEL', key)
    redis.call('PUBLISH', key, 'released')
    return 1
  end
  return 0
end
if kind ~= 'hash' or redis.call('HDEL', key, id) == 0 then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local holders = redis.call('HGETALL', key)
local last = 0
for i = 1, #holders, 2 do
  local expires = tonumber(holders[i + 1])
  if expires <= now then
    redis.call('HDEL', key, holders[i])
  elseif expires > last then
    last = expires
  end
end
if last == 0 then
  -- the last shared holder left: exclusive takers may go
  redis.call('DEL', key)
  redis.call('PUBLISH', key, 'released')
else
  -- the key lives as long as its longest-lived remaining holder, whatever the TTL of the one that left
  redis.call('PEXPIRE', key, last - now)
end
return 1
