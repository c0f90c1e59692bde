-- Takes a lock key for one holder, in one step.
-- An exclusive holder is a string key (SET PX); shared holders are fields of a hash, each one
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
-- Every redis.call costs the server about as much as a small command of a client, on the one thread
-- that serves every node: a free key taken exclusively, the common case, makes five (TIME, GET, EXISTS,
-- INCR, SET); TYPE, PTTL, and the string's holder or the hash's holders, are read only when the key exists.
local key, mode = KEYS[1], ARGV[1]
local fenced = #KEYS >= 3
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local epoch
if fenced then
  -- created, never to expire, by the first acquire after Redis lost its data (first use, a restart without
  -- persistence, a flush), from the server's clock in microseconds: different from every earlier epoch
  epoch = redis.call('GET', KEYS[3])
  if not epoch then
    epoch = string.format('%d', now * 1000)
    redis.call('SET', KEYS[3], epoch)
  end
end
-- bumped only once the key is granted, so tokens grow strictly across the holders of each key, by one
-- per grant (fence-floor.lua counts on that); a missing counter (first use, or a Redis restarted without
-- persistence) starts from the server's clock in microseconds, above every token handed out before
local function granted()
  local token = 0
  if fenced then
    token = redis.call('INCR', KEYS[2])
    if token == 1 then
      -- INCR created it: it was missing
      token = now * 1000 + 1
      redis.call('SET', KEYS[2], string.format('%d', token))
    end
  end
  local id = string.format('%d %d ', token, now) .. ARGV[3]
  if fenced then
    return {1, token, id, epoch}, id
  end
  return {1, token, id}, id
end
if mode == 'exclusive' and redis.call('EXISTS', key) == 0 then
  local reply, id = granted()
  redis.call('SET', key, id, 'PX', ARGV[2])
  return reply
end
local function refused(ms)
  if fenced then
    return {0, ms, epoch}
  end
  return {0, ms}
end
local ttl = tonumber(ARGV[2])
local kind = redis.call('TYPE', key)['ok']
-- errors of another kind of key start with WRONGTYPE, as Redis's own: the client tells them from an unanswered request
if kind == 'string' then
  local ms = redis.call('PTTL', key)
  if ms < 0 then
    -- kart's holds always expire: waiting for this one to would be waiting for ever
    return redis.error_reply('WRONGTYPE key ' .. key .. ' holds a string without expiry, not a kart lock')
  end
  if not string.match(redis.call('GET', key), '^%d+ %d+ .+$') then
    -- no holder's id ("token acquired-ms holder"): another application's value, which no release of a node's ends
    return redis.error_reply('WRONGTYPE key ' .. key .. ' holds a string that is no kart holder id, not a kart lock')
  end
  return refused(ms)
end
if kind ~= 'none' and kind ~= 'hash' then
  return redis.error_reply('WRONGTYPE key ' .. key .. ' holds a ' .. kind .. ', not a kart lock')
end
if kind == 'hash' then
  -- shared holders that died or stopped renewing are dropped here, each by its own expiry
  local holders = redis.call('HGETALL', key)
  local last = 0
  for i = 1, #holders, 2 do
    local expires = tonumber(holders[i + 1])
    if not expires or not string.match(holders[i], '^%d+ %d+ .+$') then
      -- no field of kart's shared holders: Redisson's run lock (a node on the other binding), whose hold counts
      -- would otherwise read as expiries long past and be deleted under their holder. Checked before any HDEL.
      -- Short: the client's message comes first and says what it can be, and a long key must still fit its headline.
      return redis.error_reply('WRONGTYPE key ' .. key .. ' is a hash of no kart lock holders (Redisson\'s run lock,'
        .. ' or another application\'s)')
    end
    if expires <= now then
      redis.call('HDEL', key, holders[i])
    elseif expires > last then
      last = expires
    end
  end
  if last == 0 then
    redis.call('DEL', key)
  elseif mode == 'exclusive' then
    return refused(last - now)
  end
end
local reply, id = granted()
if mode == 'exclusive' then
  redis.call('SET', key, id, 'PX', ttl)
else
  redis.call('HSET', key, id, string.format('%d', now + ttl))
  -- only ever lengthened: the key lives as long as its longest-lived holder
  if redis.call('PTTL', key) < ttl then
    redis.call('PEXPIRE', key, ttl)
  end
end
return reply
