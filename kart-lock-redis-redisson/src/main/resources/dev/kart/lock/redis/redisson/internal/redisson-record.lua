-- Redisson binding: gives a run lease just granted by Redisson's lock its fencing token and records its
-- holder, for heldLocks(). Tokens come from one counter per prefix (shared with the cache locks, whose
-- acquire.lua bumps it), bumped after the grant, so they grow strictly across the holders of each key.
-- KEYS[1] the prefix's fencing counter, KEYS[2] the prefix's holder records (a hash), KEYS[3] the
-- prefix's data epoch; all carry the prefix as hash tag, so they share a Redis Cluster slot
-- ARGV[1] the record's field ("{lock key} {holder's field in Redisson's lock hash}"), ARGV[2] holder name
-- Returns {token, epoch}. The epoch names this generation of Redis's data: a new one means every
-- earlier lease is gone.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
-- created, never to expire, by the first grant after Redis lost its data (first use, a restart without
-- persistence, a flush), from the server's clock in microseconds: different from every earlier epoch
if redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('SET', KEYS[3], string.format('%d', now * 1000))
end
-- a missing counter (first use, or a Redis restarted without persistence) starts from the server's
-- clock in microseconds, above every token handed out before
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], string.format('%d', now * 1000))
end
local token = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[2], ARGV[1], string.format('%d', token) .. ' ' .. string.format('%d', now) .. ' ' .. ARGV[2])
return {token, redis.call('GET', KEYS[3])}
