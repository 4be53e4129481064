import { pageWindow } from '../record-tables.js'
import type { DeyangData } from './deyang-data.js'

interface BjFilterArgs {
  sfzhm?: string | null
  sxbm?: string | null
  zt?: string[] | null
}

/** Resolvers for region-configs/deyang/schema.graphql. */
export function deyangResolvers(data: DeyangData) {
  const select = ({ sfzhm, sxbm, zt }: BjFilterArgs) =>
    data.bj.select({ applicantId: sfzhm, matter: sxbm, states: zt ? new Set(zt) : null })
  return {
    Query: {
      /** 办件列表: pyl 偏移量 (default 0), ts 条数 (default: all the rest). */
      bjlb: (_: unknown, args: BjFilterArgs & { pyl?: number | null; ts?: number | null }) => pageWindow(select(args), args.pyl, args.ts),
      bjsl: (_: unknown, args: BjFilterArgs) => select(args).length,
      bjcx: (_: unknown, { bjbh }: { bjbh: string[] }) => data.bj.lookup(bjbh),
      zzlb: (_: unknown, { czrzjhm }: { czrzjhm: string }) => data.dzzz.ofHolder(czrzjhm),
      zzcx: (_: unknown, { zzbh }: { zzbh: string[] }) => data.dzzz.lookup(zzbh),
    },
  }
}
