// The sandbox's public surface: four simulated city platforms, the way to start them together,
// and the data they serve. Only the CLI's sandbox mode and the tests import this.

export { createCityServer } from './city-server.js'
export type { CityDefinition, CityFault, CityServer, CityServerOptions, CityStats, RequestRecord, SandboxCity } from './city-server.js'
export { startSandbox } from './start-sandbox.js'
export type { Sandbox, SandboxOptions } from './start-sandbox.js'
export { nextAutoState, refusedAtIntake } from './intake/auto-progress.js'
export { REPORT_CASE_STATUS } from './intake/status-push.js'
export type {
  AutoProgressOptions,
  CanonicalState,
  ProgressState,
  ReceivedCase,
  RemoteIntake,
  StatusPushOptions,
  StatusPushStats,
  StatusReport,
} from './intake/intake-types.js'

export { createChengduCity } from './chengdu/create-chengdu-city.js'
export { createDeyangCity } from './deyang/create-deyang-city.js'
export { createMeishanCity } from './meishan/create-meishan-city.js'
export { createZiyangCity } from './ziyang/create-ziyang-city.js'

export { CHENGDU_CODE, createChengduData } from './chengdu/chengdu-data.js'
export type { CdApplication, CdLicence, CdStatus, ChengduData } from './chengdu/chengdu-data.js'
export { createDeyangData, DEYANG_CODE } from './deyang/deyang-data.js'
export type { DeyangData, DyBj, DyDzzz } from './deyang/deyang-data.js'
export { createMeishanData, MEISHAN_CODE } from './meishan/meishan-data.js'
export type { MeishanData, MsEnterprise, MsLicence, MsNaturalPerson, MsServiceCase } from './meishan/meishan-data.js'
export { createZiyangData, ZIYANG_CODE } from './ziyang/ziyang-data.js'
export type { ZiyangData, ZyCaseRecord, ZyEDocument, ZyPhase } from './ziyang/ziyang-data.js'

export { createSandboxSeed, multiCityApplicants, multiCityHolders, sandboxSeed } from './seed/create-seed.js'
export type { MultiCityParty } from './seed/create-seed.js'
export { SEED_NOW_MS, SEED_TODAY } from './seed/seed-clock.js'
export type {
  CaseFacts,
  CaseState,
  CitySeed,
  HandlingMode,
  LicenceStatus,
  LicenceType,
  PartyKind,
  SandboxSeed,
  SeedCase,
  SeedCaseEvent,
  SeedEnterprise,
  SeedLicence,
  SeedMaterial,
  SeedPerson,
  SeedRegion,
} from './seed/seed-types.js'
export { readLocalSchema, regionConfigsDir } from './region-files.js'

export { loadSandboxPki, RETIRED_REVOKED_AT } from './pki/sandbox-pki.js'
export type { CityPki, SandboxPki } from './pki/sandbox-pki.js'
export { compromisedLicenceIds, COMPROMISED_POSITIONS } from './pki/city-signing.js'
export type { SignedLicence } from './pki/licence-signer.js'
export { licenceDocument, canonicalJson } from './pki/licence-document.js'
export type { CityOptions } from './city-options.js'

export { createMatterCatalogue, PROVINCE_CODE } from './province/create-matter-catalogue.js'
export { MATTER_CATALOGUE_SDL } from './province/matter-catalogue-sdl.js'
export type { HandlingLevel, ProvinceMatter } from './province/matter-catalogue-data.js'
