-- ARGV: member, room, text. Returns the nodes that took the message (0: the other peer's node is not
-- listening), -1: no other peer in the room, -2: the sender is not in the room (Redis lost it).
local member, room = ARGV[1], ARGV[2]
local peers = redis.call('HGETALL', P .. 'room:' .. room)
local found, to_member, to_node = false, nil, nil
for i = 1, #peers, 2 do
  if peers[i] == member then
    found = true
  else
    to_member, to_node = peers[i], peers[i + 1]
  end
end
if not found then
  return -2
end
if not to_member then
  return -1
end
return notify(to_node, to_member, room, 'm', ARGV[3])
