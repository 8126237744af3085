"""Lua scripts: each step that must not be split by a crash or a competing worker is one
script (Redis runs a script atomically)."""

from __future__ import annotations

#: KEYS: seen, queue, my leases. ARGV: fingerprint ("" = dont_filter), score, data, old lease.
#: Marks the request seen and queues it in one step (scrapy-redis does SADD, then ZADD: a crash
#: in between loses the request for good); a retried request hands its old lease back.
ENQUEUE = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
if ARGV[4] ~= '' then redis.call('HDEL', KEYS[3], ARGV[4]) end
return 1
"""

#: KEYS: queue, my leases. Takes the best request and leases it to this worker in one step.
POP_LEASED = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0)
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
local lease = redis.sha1hex(top[1])
redis.call('HSET', KEYS[2], lease, top[1])
return {top[1], lease}
"""

#: KEYS: workers, queue. ARGV: alive-key prefix, leases-key prefix, score for re-queued work.
#: Every worker whose heartbeat key expired is dead: its leased requests go back to the queue.
REQUEUE_DEAD = """
local moved = 0
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. worker) == 0 then
    for _, data in ipairs(redis.call('HVALS', ARGV[2] .. worker)) do
      redis.call('ZADD', KEYS[2], ARGV[3], data)
      moved = moved + 1
    end
    redis.call('DEL', ARGV[2] .. worker)
    redis.call('SREM', KEYS[1], worker)
  end
end
return moved
"""

#: KEYS: workers, my leases, my alive key. ARGV: me. Returns how many workers are left.
LEAVE = """
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3])
return redis.call('SCARD', KEYS[1])
"""

#: KEYS: in-flight set, next-slot key. ARGV: token, max concurrency, interval ms, lease ms.
#: Returns 0 when the request may go now, else how many ms to wait before asking again.
BUDGET_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if tonumber(ARGV[2]) > 0 and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 20
end
local interval = tonumber(ARGV[3])
if interval > 0 then
  local next_slot = tonumber(redis.call('GET', KEYS[2]) or '0')
  if now < next_slot then return next_slot - now end
  redis.call('SET', KEYS[2], now + interval, 'PX', interval + 60000)
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
return 0
"""
