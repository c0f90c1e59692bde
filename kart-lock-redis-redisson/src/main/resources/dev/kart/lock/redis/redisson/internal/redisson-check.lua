-- Redisson binding: confirms that a holder still has its lock and says for how long Redis keeps it
-- (Redisson's watchdog renews it but does not tell the holder), so Lease.isHeld() can be answered
-- locally. Reads only.
-- KEYS[1] Redisson's lock hash, KEYS[2] the key whose TTL bounds this holder (the hash itself, or a
-- reader's own rwlock_timeout key; same Redis Cluster slot)
-- ARGV[1] the holder's field in the lock hash, ARGV[2] the mode the hash must be in ('' for any)
-- Returns the milliseconds left, or -3 when the lock is no longer this holder's.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return -3
end
if ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'mode') ~= ARGV[2] then
  return -3
end
local own = redis.call('PTTL', KEYS[2])
local whole = redis.call('PTTL', KEYS[1])
if own < 0 or whole < 0 then
  return -3
end
return math.min(own, whole)
