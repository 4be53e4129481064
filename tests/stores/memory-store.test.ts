import { expect, it } from 'vitest'
import { createMemoryStore } from '../../gateway/stores/memory-store.js'
import { createStore } from '../../gateway/stores/create-store.js'
import { caseStoreContract } from './case-store.contract.js'
import { acceptCommit, sampleCase } from './sample-case.js'

caseStoreContract('memory', async () => createMemoryStore())

it('createStore without a Redis URL gives the in-memory store, which says it is not durable', async () => {
  const store = await createStore({})
  expect(store.kind).toBe('memory')
  expect(store.durable).toBe(false)
  await store.close()
})

it('memory store hands out copies: changing a returned case does not change the stored one', async () => {
  const store = createMemoryStore()
  const c = sampleCase()
  await store.commit(acceptCommit(c))
  const got = (await store.getCase(c.id))!
  got.state = 'DENIED'
  c.state = 'APPROVED'
  expect((await store.getCase(c.id))!.state).toBe('RECEIVED')
})
