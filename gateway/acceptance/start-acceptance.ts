import { hostname } from 'node:os'
import type { Federation } from '../../federation/index.js'
import { AuditCheckpointer } from '../audit/checkpointer.js'
import { DeliveryWorkers, type DeliveryWorkerOptions } from '../delivery/delivery-worker.js'
import { StatusPoller } from '../delivery/status-poller.js'
import type { Logger } from '../logger.js'
import type { CaseStore } from '../stores/case-store.js'
import type { GatewayTrust } from '../verification/trust-material.js'
import { AcceptanceService } from './acceptance-service.js'
import type { ReceiptKey } from './receipt-key.js'

export interface Acceptance {
  service: AcceptanceService
  workers: DeliveryWorkers
  poller: StatusPoller
  checkpointer: AuditCheckpointer
  stop(): Promise<void>
}

/**
 * Remote acceptance, assembled: the service behind the GraphQL fields, the delivery workers,
 * the status poller and the audit checkpointer. Several gateways may run this against one
 * Redis: the consumer group shares the deliveries between them.
 */
export function startAcceptance(o: {
  federation: Federation
  /** The federation now, when the configuration can be reloaded; `federation` otherwise. */
  currentFederation?: () => Federation
  store: CaseStore
  receiptKey: ReceiptKey
  trust: GatewayTrust | undefined
  logger: Logger
  delivery?: Partial<DeliveryWorkerOptions>
  checkpointIntervalMs?: number
  /** False: this replica only accepts; other replicas deliver and poll (scale-out by role). */
  deliver?: boolean
}): Acceptance {
  let workers: DeliveryWorkers | undefined
  // Each part reads `deps.federation` when it needs it: after a reload, the new one.
  const live = <T extends object>(deps: T): T & { federation: Federation } =>
    o.currentFederation ? Object.defineProperty(deps, 'federation', { get: o.currentFederation, enumerable: true }) as T & { federation: Federation } : { ...deps, federation: o.federation }
  const service = new AcceptanceService(live({ ...o, wake: (region: string) => workers?.wake(region) }))
  workers = new DeliveryWorkers(live({ ...o, service }), { consumer: `${hostname()}:${process.pid}`, ...o.delivery })
  const poller = new StatusPoller(live({ ...o, service, schema: o.federation.canonicalSchema }))
  const checkpointer = new AuditCheckpointer({ audit: o.store.audit, key: o.receiptKey, logger: o.logger, ...(o.checkpointIntervalMs && { intervalMs: o.checkpointIntervalMs }) })
  if (o.deliver !== false) {
    workers.start()
    poller.start()
  }
  checkpointer.start()
  return {
    service,
    workers,
    poller,
    checkpointer,
    async stop() {
      poller.stop()
      await workers!.stop()
      await checkpointer.stop()
    },
  }
}
