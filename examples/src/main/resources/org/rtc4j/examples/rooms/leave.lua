-- ARGV: member, node, room.
leave(P .. 'node:' .. ARGV[2] .. ':members', ARGV[1], ARGV[3])
return 1
