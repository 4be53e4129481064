import type { DocumentNode, ExecutionArgs, GraphQLSchema } from 'graphql'
import { withOverrideDraw } from './override-draw.js'
import type { RunOperation } from './plan/plan-executor.js'

/** The part of a supergraph runtime the plugin needs (see SupergraphRuntime). */
export interface SupergraphExecution {
  readonly schema: GraphQLSchema
  readonly percentOverrides: boolean
  stitched(): Promise<GraphQLSchema>
  runnerFor(document: DocumentNode, operationName: string | null | undefined, draw: number): RunOperation | undefined
}

interface SubscribeHook {
  args: { schema: GraphQLSchema }
  subscribeFn: (args: never) => unknown
  setSubscribeFn(fn: (args: never) => unknown): void
}
interface ExecuteHook {
  args: ExecutionArgs
  executeFn: (args: never) => unknown
  setExecuteFn(fn: (args: never) => unknown): void
}

/**
 * An envelop plugin, placed after the one that picks the executor, for executions on the
 * supergraph (`current().schema`, the API schema): they run on their query plan (the plan
 * executor) when it can, otherwise with the executor already chosen on the stitched schema
 * (made on first use),
 * inside the request's override draw when the supergraph has percent-labelled overrides. One
 * draw per request serves both. Subscriptions always run on the stitched schema.
 */
export function useSupergraphExecution(current: () => SupergraphExecution | undefined): { onExecute(hook: ExecuteHook): void; onSubscribe(hook: SubscribeHook): void } {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const s = current()
      if (!s || args.schema !== s.schema) return
      const draw = Math.random()
      const runner = s.runnerFor(args.document, args.operationName, draw)
      if (runner) return setExecuteFn(runner as never)
      setExecuteFn(async (a: ExecutionArgs) => {
        a.schema = await s.stitched()
        return s.percentOverrides ? withOverrideDraw(draw, () => executeFn(a as never)) : executeFn(a as never)
      })
    },
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const s = current()
      if (!s || args.schema !== s.schema) return
      setSubscribeFn(async (a: { schema: GraphQLSchema }) => {
        a.schema = await s.stitched()
        return subscribeFn(a as never)
      })
    },
  }
}
