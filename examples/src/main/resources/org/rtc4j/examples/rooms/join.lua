-- ARGV: member, node, room. Returns the peers in the room after the join (1 or 2), or 0: full.
local member, node, room = ARGV[1], ARGV[2], ARGV[3]
local room_key = P .. 'room:' .. room
if redis.call('HEXISTS', room_key, member) == 1 then
  return redis.call('HLEN', room_key)
end
local others = redis.call('HGETALL', room_key)
if #others >= 4 then
  return 0
end
redis.call('HSET', room_key, member, node)
redis.call('HSET', P .. 'node:' .. node .. ':members', member, room)
for i = 1, #others, 2 do
  notify(others[i + 1], others[i], room, 'j')
end
return #others / 2 + 1
