-- ARGV: node, n, then n pairs (member, room): the node's joined peers, then the ids of peers whose
-- join is still on its way (left alone). Makes Redis hold exactly these memberships for node: peers
-- Redis holds but the node does not leave their rooms; joined peers Redis lost are put back unless
-- their room has filled meanwhile. Beats for node. Returns the ids that could not be put back.
local node = ARGV[1]
local node_members = P .. 'node:' .. node .. ':members'
redis.call('ZADD', P .. 'nodes', now_ms(), node)
local joined, pending = {}, {}
local n = tonumber(ARGV[2])
local i = 3
for _ = 1, n do
  joined[ARGV[i]] = ARGV[i + 1]
  i = i + 2
end
for k = i, #ARGV do
  pending[ARGV[k]] = true
end
local held = redis.call('HGETALL', node_members)
for k = 1, #held, 2 do
  if not joined[held[k]] and not pending[held[k]] then
    leave(node_members, held[k], held[k + 1])
  end
end
local refused = {}
for k = 3, 2 + 2 * n, 2 do
  local member, room = ARGV[k], ARGV[k + 1]
  local room_key = P .. 'room:' .. room
  if redis.call('HEXISTS', room_key, member) == 0 and redis.call('HLEN', room_key) >= 2 then
    refused[#refused + 1] = member
    redis.call('HDEL', node_members, member)
  else
    redis.call('HSET', room_key, member, node)
    redis.call('HSET', node_members, member, room)
  end
end
return refused
