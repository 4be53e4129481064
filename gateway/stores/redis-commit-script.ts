import { GENESIS_HASH } from './audit-hash.js'
import { K } from './redis-keys.js'
import { defineScript } from './redis-scripts.js'

/** The chain head as stored in its key: `seq:hash`. An absent key is the empty log. */
export const GENESIS_HEAD = `0:${GENESIS_HASH}`

/** How long a replica that lost the race for the head keeps the turn if it does not come back (it crashed). */
const TURN_MS = 50

/**
 * Applies a batch of commits, all of them or none.
 *
 * KEYS: [1] audit head, [2] audit log (list), [3] case metadata (hash), [4] idempotency (hash),
 * [5] turn (the replica that goes next).
 * ARGV: [1] key prefix, [2] head the batch was chained on, [3] head after it, [4] now (epoch ms),
 * [5] number of commits, [6] this replica's id; then per commit:
 *   idempotency key ('' for none), request hash, case id, number of cases,
 *   per case: id, expected version ('' = must not exist), new version, accepting region,
 *             accepting window, competent region, regions it is open in (comma-separated),
 *             document JSON;
 *   number of messages, per message: region, due at ('' = now), nonce, message JSON;
 *   number of audit entries, then each entry's JSON.
 * Fairness between replicas: a replica that keeps a batch in flight at all times would otherwise
 * always land first, and one whose batch lost the race would lose every race after it (it
 * re-chains on a head that has moved again by the time its batch arrives). So a batch that
 * finds the head moved takes the turn (TURN_MS) unless another replica holds it, and while a
 * replica holds the turn the others' batches are not applied: {'WAIT', head}. The holder's next
 * batch runs and gives the turn back.
 * On OK the ids of the cases written are published, one per line, on the events channel, and
 * the regions given messages due at once, one per line, on the outbox-ready channel.
 * Returns {'OK'}; {'HEAD', current head} when the chain moved on; {'WAIT', head} when another
 * replica has the turn; {'REFUSED', i, outcome,
 * caseId, …} naming every commit whose preconditions fail — the caller answers those and sends
 * the rest again, re-chained; {'CORRUPT', why} when the log's length is not the head's seq.
 * Nothing but the turn is written unless the answer is OK.
 *
 * Cost: a script's time goes mostly to redis.call and to the size of what each call writes,
 * so everything that can be is read or written once per batch — one HMGET for all versions,
 * one for all idempotency keys, one RPUSH for all audit entries, one HSET per hash, one ZADD
 * per list — leaving one SET per case and one XADD per outbox message.
 *
 * `#!lua` (a script with flags, Redis ≥ 7): a write script is refused before it starts when
 * Redis is over maxmemory, instead of failing half-way; Redis does not roll back a script's
 * earlier writes when a later command errors. In the AOF a script's writes are one MULTI/EXEC,
 * and a torn transaction at the end of the file is dropped on load, so a crash keeps all or
 * none of a batch.
 */
export const COMMIT_SCRIPT = defineScript('commit', `#!lua
local P = ARGV[1]
local expectedHead, newHead, now, n, me = ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local chained = expectedHead ~= newHead
local myTurn = false
if chained then
  local current = redis.call('GET', KEYS[1]) or '${GENESIS_HEAD}'
  local turn = redis.call('GET', KEYS[5])
  if current ~= expectedHead then
    if not turn or turn == me then redis.call('SET', KEYS[5], me, 'PX', ${TURN_MS}) end
    return {'HEAD', current}
  end
  if turn and turn ~= me then return {'WAIT', current} end
  myTurn = turn == me
  local seq = tonumber(string.match(expectedHead, '^(%d+):'))
  if redis.call('LLEN', KEYS[2]) ~= seq then return {'CORRUPT', 'audit log length differs from the head seq'} end
end
-- The holder's turn ends with this call, applied or refused: either way it is answered.
if myTurn then redis.call('DEL', KEYS[5]) end

-- unpack() puts every element on Lua's C stack (at most LUAI_MAXCSTACK, 8000): go in chunks.
local CHUNK = 1000
local function bulk(command, key, t)
  for i = 1, #t, CHUNK do redis.call(command, key, unpack(t, i, math.min(i + CHUNK - 1, #t))) end
end
local function hmget(key, fields)
  local out = {}
  for i = 1, #fields, CHUNK do
    for _, v in ipairs(redis.call('HMGET', key, unpack(fields, i, math.min(i + CHUNK - 1, #fields)))) do out[#out + 1] = v end
  end
  return out
end

-- Where each commit's arguments start; the batch's idempotency keys and case ids.
local at, keys, ids = {}, {}, {}
local p = 7
for i = 1, n do
  at[i] = p
  if ARGV[p] ~= '' then keys[#keys + 1] = ARGV[p] end
  local cases = tonumber(ARGV[p + 3])
  for c = 0, cases - 1 do ids[#ids + 1] = ARGV[p + 4 + 8 * c] end
  p = p + 4 + 8 * cases
  p = p + 1 + 4 * tonumber(ARGV[p])
  p = p + 1 + tonumber(ARGV[p])
end

-- Pass 1, reads only: every precondition of every commit.
local seen, meta = {}, {}
local values = hmget(KEYS[4], keys)
for j, key in ipairs(keys) do seen[key] = values[j] end
values = hmget(KEYS[3], ids)
for j, id in ipairs(ids) do meta[id] = values[j] end
local refused = {'REFUSED'}
for i = 1, n do
  local why, whom
  p = at[i]
  local prior = ARGV[p] ~= '' and seen[ARGV[p]]
  if prior then
    -- case id, newline, request hash
    local nl = string.find(prior, '\\n', 1, true)
    whom = string.sub(prior, 1, nl - 1)
    if string.sub(prior, nl + 1) == ARGV[p + 1] then why = 'replay' else why = 'conflict' end
  else
    local cases = tonumber(ARGV[p + 3])
    p = p + 4
    for _ = 1, cases do
      local m, expected = meta[ARGV[p]], ARGV[p + 1]
      local stored = m and string.match(m, '^(%d+)')
      if (expected == '' and m) or (expected ~= '' and stored ~= expected) then
        why = 'version-conflict'
        whom = ARGV[p]
        break
      end
      p = p + 8
    end
  end
  if why then
    refused[#refused + 1] = i
    refused[#refused + 1] = why
    refused[#refused + 1] = whom
  end
end
if #refused > 1 then return refused end

-- Pass 2: writes.
local entries, idempotency, metas, lists = {}, {}, {}, {}
local ready, readySeen = {}, {}
local function list(base, value, id)
  local key = P .. base .. value
  local t = lists[key]
  if not t then t = {}; lists[key] = t end
  t[#t + 1] = 0
  t[#t + 1] = id
end
local function reindex(base, old, new, id)
  if old == new then return end
  if old then redis.call('ZREM', P .. base .. old, id) end
  list(base, new, id)
end
-- A case is in the open list of every region in its comma-separated set.
local function reindexSet(base, old, new, id)
  if old == new then return end
  local was, is = {}, {}
  for r in string.gmatch(old, '[^,]+') do was[r] = true end
  for r in string.gmatch(new, '[^,]+') do
    is[r] = true
    if not was[r] then list(base, r, id) end
  end
  for r in pairs(was) do
    if not is[r] then redis.call('ZREM', P .. base .. r, id) end
  end
end
for i = 1, n do
  p = at[i]
  if ARGV[p] ~= '' then
    idempotency[#idempotency + 1] = ARGV[p]
    idempotency[#idempotency + 1] = ARGV[p + 2] .. '\\n' .. ARGV[p + 1]
  end
  local cases = tonumber(ARGV[p + 3])
  p = p + 4
  for _ = 1, cases do
    local id, ar, aw, cr, open = ARGV[p], ARGV[p + 3], ARGV[p + 4], ARGV[p + 5], ARGV[p + 6]
    local old = {}
    if meta[id] then
      -- A fifth line (open regions) may be missing: written before it existed.
      old = {string.match(meta[id], '^%d+\\n([^\\n]*)\\n([^\\n]*)\\n([^\\n]*)\\n?([^\\n]*)$')}
    else
      -- Members all score 0, so a list orders by id (ZRANGEBYLEX): ULIDs, creation order.
      list('${K.listAll}', '', id)
    end
    redis.call('SET', P .. '${K.case}' .. id, ARGV[p + 7])
    metas[#metas + 1] = id
    metas[#metas + 1] = ARGV[p + 2] .. '\\n' .. ar .. '\\n' .. aw .. '\\n' .. cr .. '\\n' .. open
    reindex('${K.listAccepting}', old[1] or false, ar, id)
    reindex('${K.listWindow}', old[2] or false, aw, id)
    reindex('${K.listCompetent}', old[3] or false, cr, id)
    reindexSet('${K.listOpen}', old[4] or '', open, id)
    p = p + 8
  end
  local messages = tonumber(ARGV[p])
  p = p + 1
  for _ = 1, messages do
    local region, due = ARGV[p], ARGV[p + 1]
    if due ~= '' and tonumber(due) > now then
      -- The nonce keeps two equal messages two members of the set.
      redis.call('ZADD', P .. '${K.delayed}' .. region, due, ARGV[p + 2] .. ' ' .. ARGV[p + 3])
    else
      redis.call('XADD', P .. '${K.outbox}' .. region, '*', 'm', ARGV[p + 3])
      if not readySeen[region] then readySeen[region] = true; ready[#ready + 1] = region end
    end
    p = p + 4
  end
  for _ = 1, tonumber(ARGV[p]) do
    entries[#entries + 1] = ARGV[p + 1]
    p = p + 1
  end
end
bulk('RPUSH', KEYS[2], entries)
bulk('HSET', KEYS[4], idempotency)
bulk('HSET', KEYS[3], metas)
for key, members in pairs(lists) do bulk('ZADD', key, members) end
if chained then redis.call('SET', KEYS[1], newHead) end
-- The batch announces the cases it wrote, in one message: part of the commit, never lost
-- to a crash after it, and one message per batch rather than per case for every replica.
if #ids > 0 then redis.call('PUBLISH', P .. '${K.events}', table.concat(ids, '\\n')) end
-- And the regions whose queue has new messages due now, so delivering replicas wake at once.
if #ready > 0 then redis.call('PUBLISH', P .. '${K.outboxReady}', table.concat(ready, '\\n')) end
return {'OK'}
`)
