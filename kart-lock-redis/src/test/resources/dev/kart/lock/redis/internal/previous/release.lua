-- Releases a holder's lease if it still has it, and wakes waiters by publishing on the key's channel.
-- Also deletes the hold of an acquire whose reply never came, which the client knows only by its holder id.
-- KEYS[1] the lock key
-- ARGV[1] "exclusive" or "shared", ARGV[2] the holder id sent to acquire.lua
-- Returns 1 when released, 0 when the lease was no longer this holder's (it expired, and maybe
-- passed to another holder, whose lease is left alone) or was never granted.
local key, holder = KEYS[1], ARGV[2]
-- the holder id of a value or field "token acquired-ms holder"
local function holder_of(id)
  return string.match(id, '^%d+ %d+ (.+)$')
end
local kind = redis.call('TYPE', key)['ok']
if ARGV[1] == 'exclusive' then
  if kind == 'string' and holder_of(redis.call('GET', key)) == holder then
    redis.call('DEL', key)
    redis.call('PUBLISH', key, 'released')
    return 1
  end
  return 0
end
if kind ~= 'hash' then
  return 0
end
local holders = redis.call('HGETALL', key)
local id
for i = 1, #holders, 2 do
  if holder_of(holders[i]) == holder then
    id = holders[i]
    break
  end
end
if not id then
  return 0
end
redis.call('HDEL', key, id)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local last = 0
for i = 1, #holders, 2 do
  if holders[i] ~= id then
    local expires = tonumber(holders[i + 1])
    if expires <= now then
      redis.call('HDEL', key, holders[i])
    elseif expires > last then
      last = expires
    end
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
