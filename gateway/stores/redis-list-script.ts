import { K } from './redis-keys.js'
import { defineScript } from './redis-scripts.js'

/**
 * One page step of listCases: walks an index newest first and returns the documents that pass
 * the remaining filters, judged by the case metadata hash (no document is parsed). Bounded
 * (`chunk` ids per call) so a selective filter over a large index never blocks Redis for long;
 * the caller calls again from the returned cursor.
 * KEYS: [1] the index (a sorted set, all scores 0, so ZREVRANGEBYLEX orders by id),
 * [2] case metadata hash.
 * ARGV: [1] key prefix, [2] upper bound ('+' or '(' .. id: exclusive), [3] chunk, [4] wanted,
 * [5] accepting region, [6] accepting window, [7] competent region ('' = any).
 * Returns {cursor ('' when the index is exhausted), document, document, …}.
 */
export const LIST_SCRIPT = defineScript('list', `#!lua flags=no-writes
local chunk, wanted = tonumber(ARGV[3]), tonumber(ARGV[4])
local ids = redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[2], '-', 'LIMIT', 0, chunk)
if #ids == 0 then return {''} end
local metas = redis.call('HMGET', KEYS[2], unpack(ids))
local keys, cursor = {}, ''
if #ids == chunk then cursor = '(' .. ids[#ids] end
for i, id in ipairs(ids) do
  local m = metas[i]
  if m then
    local ar, aw, cr = string.match(m, '^%d+\\n([^\\n]*)\\n([^\\n]*)\\n([^\\n]*)')
    if (ARGV[5] == '' or ar == ARGV[5]) and (ARGV[6] == '' or aw == ARGV[6]) and (ARGV[7] == '' or cr == ARGV[7]) then
      keys[#keys + 1] = ARGV[1] .. '${K.case}' .. id
      if #keys == wanted then
        cursor = '(' .. id
        break
      end
    end
  end
end
local out = {cursor}
if #keys > 0 then
  for _, d in ipairs(redis.call('MGET', unpack(keys))) do
    if d then out[#out + 1] = d end
  end
end
return out
`)
