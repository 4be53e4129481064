/**
 * The federation layer's public surface: configuration loading, the canonical schema, the
 * run-time federation, execution of canonical root fields and competence routing. Other
 * folders import from here only.
 */
export { canonicalSdl } from './schema/canonical-sdl.js'
export { canonicalSchema } from './schema/canonical-schema.js'
export { loadFederationConfig, type FederationConfig, type LoadedRegion, type LoadOptions, type RegionTrust } from './config/load.js'
export type { RegionConfig, Catalogue, CompetenceBasis, HandlingMode } from './config/region-config-schema.js'
export { createFederation, type Federation, type FederationHooks } from './runtime.js'
export { FederationError, ConfigError, asError, type FederationCode, type ConfigProblem, type UnavailableReason } from './errors.js'
export { DivisionRegistry, type Region, type District, type Division } from './regions/division-registry.js'
export { MatterCatalogue, type Matter, type MatterFilter } from './catalogue/matter-catalogue.js'
export { RequestScope, type PartialError } from './execute/request-scope.js'
export { findById } from './execute/find-by-id.js'
export { parseCanonicalId } from './execute/canonical-id.js'
export { listCases, MAX_PAGE, type CaseFilterInput } from './execute/list-cases.js'
export { listCertificates } from './execute/list-certificates.js'
export { competentRegion, FACT_FOR_BASIS, type CompetenceFacts, type CompetenceDecision } from './routing/competent-region.js'
export { parseResidentId, residentIdCheckChar, isResidentId } from './identity/resident-id.js'
export { parseCreditCode, creditCodeCheckChar, isCreditCode } from './identity/credit-code.js'
export { checkPartyId, type PartyIdKind } from './identity/party-id.js'
export type { BreakerState } from './upstream/breaker.js'
export type { RegionRuntime } from './translate/region-runtime.js'
export { RegionClient } from './upstream/region-client.js'
export { toCanonicalDateTime, toCanonicalDate } from './translate/time-formats.js'
