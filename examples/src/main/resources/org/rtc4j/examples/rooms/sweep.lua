-- ARGV: node, stale ms. Declares node dead if its last beat is (still) older than stale ms: its peers
-- leave their rooms. Returns how many peers it had, or -1 if it beat in the meantime.
-- With stale ms 0 it is a node leaving for good (RedisRoomBus.close).
local last = redis.call('ZSCORE', P .. 'nodes', ARGV[1])
if last and tonumber(last) > now_ms() - tonumber(ARGV[2]) then
  return -1
end
return drop_node(ARGV[1])
