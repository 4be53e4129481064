import { K } from './redis-keys.js'
import { defineScript } from './redis-scripts.js'

/**
 * Claims for one consumer. KEYS: [1] region stream, [2] its delayed set.
 * ARGV: [1] group, [2] consumer, [3] count, [4] minIdleMs, [5] now, [6] most delayed to move.
 * Returns {id, message JSON, id, message JSON, …}.
 *
 * - Due delayed messages become stream entries first (ZRANGEBYSCORE, XADD, ZREM in one script,
 *   so a message is never in both places or in neither).
 * - The group is created at id 0 (not $) so entries added before any worker ran are read too;
 *   BUSYGROUP (it exists) is the usual answer and is ignored.
 * - XAUTOCLAIM takes entries pending (delivered, unacknowledged) longer than minIdleMs from
 *   whichever consumer holds them — a crashed worker's — and delivers them to this one. Since
 *   Redis 7 its reply's third element lists pending ids whose entries were deleted; those it
 *   drops from the pending list itself. It scans at most 10 × COUNT pending entries from the
 *   start id; starting at 0-0 every time favours the oldest, which are the likeliest idle.
 * - XREADGROUP '>' then delivers never-delivered entries. Without BLOCK it is allowed in a
 *   script; an empty read is a nil reply (false in Lua).
 */
export const CLAIM_SCRIPT = defineScript('claim', `#!lua
local count = tonumber(ARGV[3])
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[5], 'LIMIT', 0, tonumber(ARGV[6]))
for _, member in ipairs(due) do
  local space = string.find(member, ' ', 1, true)
  redis.call('XADD', KEYS[1], '*', 'm', string.sub(member, space + 1))
  redis.call('ZREM', KEYS[2], member)
end
redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
local out = {}
local function collect(entries)
  for _, e in ipairs(entries) do
    out[#out + 1] = e[1]
    out[#out + 1] = e[2][2]
  end
end
local reclaimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[4], '0-0', 'COUNT', count)
collect(reclaimed[2])
local room = count - #out / 2
if room > 0 then
  local fresh = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', room, 'STREAMS', KEYS[1], '>')
  if fresh then collect(fresh[1][2]) end
end
return out
`)

/**
 * Settles a claimed entry: XACK, and only if that acknowledged it (it was still pending) XDEL
 * it — acked entries are kept out of the stream so XLEN − pending counts what is ready — and
 * then, by mode, the next attempt ('retry') or a dead letter ('dead'). Plain acknowledgements
 * go through ACK_SCRIPT, several at a time.
 * XACK on a stream or group that does not exist is an error; that too means "not pending".
 * KEYS: [1] stream, [2] delayed set, [3] dead-letter stream, [4] dead-letter counts.
 * ARGV: [1] group, [2] entry id, [3] mode, [4] region, [5] message JSON, then for retry
 * [6] due at, [7] now, [8] nonce; for dead [6] reason, [7] now.
 * Returns 1 when settled by this call, else 0.
 */
export const SETTLE_SCRIPT = defineScript('settle', `#!lua
local acked = redis.pcall('XACK', KEYS[1], ARGV[1], ARGV[2])
if type(acked) ~= 'number' or acked == 0 then return 0 end
redis.call('XDEL', KEYS[1], ARGV[2])
if ARGV[3] == 'retry' then
  if tonumber(ARGV[6]) > tonumber(ARGV[7]) then
    redis.call('ZADD', KEYS[2], ARGV[6], ARGV[8] .. ' ' .. ARGV[5])
  else
    redis.call('XADD', KEYS[1], '*', 'm', ARGV[5])
  end
elseif ARGV[3] == 'dead' then
  redis.call('XADD', KEYS[3], '*', 'r', ARGV[4], 'm', ARGV[5], 'why', ARGV[6], 'at', ARGV[7])
  redis.call('HINCRBY', KEYS[4], ARGV[4], 1)
end
return 1
`)

/**
 * Acknowledges several claimed entries of one stream, each as SETTLE_SCRIPT begins: XDEL only
 * what XACK acknowledged. KEYS: [1] stream. ARGV: [1] group, then entry ids.
 * Returns one 1 (settled by this call) or 0 (not pending) per id, in order.
 */
export const ACK_SCRIPT = defineScript('ack', `#!lua
local out = {}
for i = 2, #ARGV do
  local acked = redis.pcall('XACK', KEYS[1], ARGV[1], ARGV[i])
  if type(acked) == 'number' and acked == 1 then
    redis.call('XDEL', KEYS[1], ARGV[i])
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
`)

/**
 * Moves a dead letter back to its region's stream with attempts reset. XDEL's count makes it
 * once only when two operators requeue the same letter. KEYS: [1] dead-letter stream,
 * [2] dead-letter counts. ARGV: [1] key prefix, [2] dead-letter id. Returns 1, or 0 if unknown.
 */
export const REQUEUE_SCRIPT = defineScript('requeue', `#!lua
local found = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
if #found == 0 or redis.call('XDEL', KEYS[1], ARGV[2]) == 0 then return 0 end
local f = {}
local fields = found[1][2]
for i = 1, #fields, 2 do f[fields[i]] = fields[i + 1] end
local message = cjson.decode(f.m)
message.attempt = 0
redis.call('HINCRBY', KEYS[2], f.r, -1)
redis.call('XADD', ARGV[1] .. '${K.outbox}' .. f.r, '*', 'm', cjson.encode(message))
return 1
`)

/**
 * Depth of one region, read in one consistent step. KEYS: [1] stream, [2] delayed set,
 * [3] dead-letter counts. ARGV: [1] group, [2] now, [3] region.
 * XPENDING's summary form counts the group's pending entries (an error when the stream or group
 * does not exist yet: none pending). Acked entries are deleted, so XLEN − pending is what is
 * ready; delayed messages already due count as ready, as the next claim will move them.
 */
export const DEPTH_SCRIPT = defineScript('depth', `#!lua flags=no-writes
local length = redis.call('XLEN', KEYS[1])
local summary = redis.pcall('XPENDING', KEYS[1], ARGV[1])
local pending = 0
if type(summary) == 'table' and summary[1] then pending = tonumber(summary[1]) end
local due = redis.call('ZCOUNT', KEYS[2], '-inf', ARGV[2])
local later = redis.call('ZCOUNT', KEYS[2], '(' .. ARGV[2], '+inf')
local dead = tonumber(redis.call('HGET', KEYS[3], ARGV[3]) or '0')
return {length - pending + due, later, pending, dead}
`)
