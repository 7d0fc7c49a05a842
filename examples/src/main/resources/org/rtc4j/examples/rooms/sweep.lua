-- ARGV: node, stale ms. Declares node dead if its last beat is (still) older than stale ms: its peers
-- leave their rooms. Returns how many peers it had, or -1 if it beat (or was swept) in the meantime.
-- With stale ms 0 it is a node leaving for good (RedisRoomBus.close).
local last = redis.call('ZSCORE', P .. 'nodes', ARGV[1])
if ARGV[2] ~= '0' and (not last or tonumber(last) > now_ms() - tonumber(ARGV[2])) then
  return -1 -- it beat meanwhile, or another node swept it first
end
return drop_node(ARGV[1])
