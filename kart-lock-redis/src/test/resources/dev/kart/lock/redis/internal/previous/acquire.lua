-- Takes a lock key for one holder, in one step.
-- An exclusive holder is a string key (SET NX PX); shared holders are fields of a hash, each one
-- valued with its own expiry time (server ms), the key expiring with the last of them: a holder with a
-- short TTL never shortens the key's life under a holder with a longer one.
-- KEYS[1] the lock key; then KEYS[2] the prefix's fencing counter and KEYS[3] its data epoch (both
-- bindings: the token comes with the grant; in Redis Cluster both carry the lock key's group tag), or no
-- more keys (no token: earlier Redisson bindings took it right after the grant, with redisson-record.lua)
-- ARGV[1] "exclusive" or "shared", ARGV[2] TTL (ms), ARGV[3] holder id, chosen by the client and unique
-- per request: release.lua and renew.lua compare it, so a client that got no reply can still delete the hold
-- Returns {1, token, id, epoch} when taken, id ("token acquired-ms holder") being the key's value (exclusive)
-- or the holder's field (shared); {0, ms, epoch} when others hold it, ms being how long until they expire
-- unless renewed. The epoch names this generation of Redis's data: a new one means every earlier lease is gone.
-- Without the counter and epoch keys the token is 0 and no epoch ends the reply: {1, 0, id} or {0, ms}.
local key, mode, ttl = KEYS[1], ARGV[1], tonumber(ARGV[2])
local fenced = #KEYS >= 3
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local epoch
if fenced then
  -- created, never to expire, by the first acquire after Redis lost its data (first use, a restart without
  -- persistence, a flush), from the server's clock in microseconds: different from every earlier epoch
  if redis.call('EXISTS', KEYS[3]) == 0 then
    redis.call('SET', KEYS[3], string.format('%d', now * 1000))
  end
  epoch = redis.call('GET', KEYS[3])
end
local function reply(values)
  if fenced then
    values[#values + 1] = epoch
  end
  return values
end
local kind = redis.call('TYPE', key)['ok']
if kind == 'string' then
  return reply({0, redis.call('PTTL', key)})
end
if kind ~= 'none' and kind ~= 'hash' then
  return redis.error_reply('key ' .. key .. ' holds a ' .. kind .. ', not a kart lock')
end
if kind == 'hash' then
  -- shared holders that died or stopped renewing are dropped here, each by its own expiry
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
    redis.call('DEL', key)
  elseif mode == 'exclusive' then
    return reply({0, last - now})
  end
end
-- bumped only once the key is granted, so tokens grow strictly across the holders of each key; a
-- missing counter (first use, or a Redis restarted without persistence) starts from the server's
-- clock in microseconds, above every token handed out before
local token = 0
if fenced then
  if redis.call('EXISTS', KEYS[2]) == 0 then
    redis.call('SET', KEYS[2], string.format('%d', now * 1000))
  end
  token = redis.call('INCR', KEYS[2])
end
local id = string.format('%d', token) .. ' ' .. string.format('%d', now) .. ' ' .. ARGV[3]
if mode == 'exclusive' then
  redis.call('SET', key, id, 'NX', 'PX', ttl)
else
  redis.call('HSET', key, id, string.format('%d', now + ttl))
  -- only ever lengthened: the key lives as long as its longest-lived holder
  if redis.call('PTTL', key) < ttl then
    redis.call('PEXPIRE', key, ttl)
  end
end
return reply({1, token, id})
