-- Shared by every rooms script (RedisRoomBus prepends `local P = '<prefix>'` and this file).
-- Keys: P..'room:'..ROOM        hash  member id -> node id       (at most two fields)
--       P..'node:'..NODE..':members' hash member id -> room    (the node's peers, for sweeping)
--       P..'nodes'               zset  node id -> last beat, ms by Redis's clock
-- Channel: P..'node:'..NODE, one per node; messages are envelopes "MEMBER\nROOM\nKIND\nPAYLOAD".

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function notify(node, member, room, kind, payload)
  return redis.call('PUBLISH', P .. 'node:' .. node, member .. '\n' .. room .. '\n' .. kind .. '\n' .. (payload or ''))
end

-- Takes member out of room and out of its node's set; the peer left behind hears peer-left.
local function leave(node_members, member, room)
  redis.call('HDEL', node_members, member)
  local room_key = P .. 'room:' .. room
  if redis.call('HDEL', room_key, member) == 0 then
    return
  end
  local rest = redis.call('HGETALL', room_key)
  for i = 1, #rest, 2 do
    notify(rest[i + 1], rest[i], room, 'l')
  end
end

-- Takes every peer of a node out of its room, and the node out of the node set.
local function drop_node(node)
  local node_members = P .. 'node:' .. node .. ':members'
  local members = redis.call('HGETALL', node_members)
  for i = 1, #members, 2 do
    leave(node_members, members[i], members[i + 1])
  end
  redis.call('DEL', node_members)
  redis.call('ZREM', P .. 'nodes', node)
  return #members / 2
end
