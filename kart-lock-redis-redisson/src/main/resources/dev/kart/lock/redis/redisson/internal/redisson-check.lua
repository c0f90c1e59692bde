-- Redisson binding: confirms that a run-lock holder still has Redisson's lock and says for how long
-- Redis keeps it (Redisson's watchdog renews it but does not tell the holder), so Lease.isHeld() can be
-- answered locally. Reads only.
-- KEYS[1] Redisson's lock hash
-- ARGV[1] the holder's field in it
-- Returns the milliseconds left, or -3 when the lock is no longer this holder's.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return -3
end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  return -3
end
return left
