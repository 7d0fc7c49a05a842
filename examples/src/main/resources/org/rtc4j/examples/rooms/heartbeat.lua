-- ARGV: node, stale ms. Beats for node; returns {1 if node was absent from the node set else 0,
-- up to 16 nodes whose last beat is older than stale ms}.
local now = now_ms()
local absent = redis.call('ZADD', P .. 'nodes', now, ARGV[1])
local stale = redis.call('ZRANGEBYSCORE', P .. 'nodes', '-inf', '(' .. (now - tonumber(ARGV[2])), 'LIMIT', 0, 16)
local out = {absent}
for i = 1, #stale do
  out[#out + 1] = stale[i]
end
return out
