-- Raises the fencing counter to the server's clock in microseconds, unless it is above that already.
-- Run by a backend on a primary it has not talked to before (a Sentinel failover): the last INCRs the
-- old primary made may not have reached this one, whose counter would then hand out tokens again that
-- were handed out already; and on one server before the backend's first grant: the two bindings keep a
-- counter each there, and the one of a prefix switched to may lag the other's tokens. The counter grows by one per grant, far slower than the clock, and started
-- from the clock (acquire.lua), so the clock is above every token handed out before, as long as the
-- servers' clocks agree (NTP).
-- KEYS[1] the fencing counter. Returns the counter's value after it.
local time = redis.call('TIME')
local floor = tonumber(time[1]) * 1000000 + tonumber(time[2])
local counter = tonumber(redis.call('GET', KEYS[1]) or '0')
if counter < floor then
  redis.call('SET', KEYS[1], string.format('%d', floor))
  return floor
end
return counter
