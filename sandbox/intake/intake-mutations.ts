import type { IntakeLedger, IntakeReceipt, IntakeRequest } from './intake-types.js'

/** Where one city's intake and withdrawal mutations put things, in its own vocabulary. */
export interface IntakeMutationNames<I, T> {
  /** The intake field, the name of its input argument, how to read that input, and the receipt's shape. */
  receive: { field: string; arg: string; read(input: I): IntakeRequest; receipt(r: IntakeReceipt): T }
  /** The withdrawal field and the names of its gateway-id and reason arguments. */
  withdraw: { field: string; id: string; reason: string }
}

/**
 * The `Mutation` resolvers of one city over its intake ledger: all four cities behave alike and
 * differ only in names and input shape, so the behaviour lives here once.
 * @example
 * intakeMutations(intake, {
 *   receive: { field: 'jsycbj', arg: 'bj', read: toRequest, receipt: (r) => ({ bjbh: r.localId, cf: r.duplicate }) },
 *   withdraw: { field: 'chycbj', id: 'wgbh', reason: 'yy' },
 * })
 */
export function intakeMutations<R, I, T>(intake: IntakeLedger<R>, names: IntakeMutationNames<I, T>) {
  const { receive, withdraw } = names
  return {
    Mutation: {
      [receive.field]: (_: unknown, args: Record<string, I>) => receive.receipt(intake.receive(receive.read(args[receive.arg]!))),
      [withdraw.field]: (_: unknown, args: Record<string, string>) => intake.withdraw(args[withdraw.id]!, args[withdraw.reason]!),
    },
  }
}
