import type { CityConventions } from './city-conventions.js'
import type { DistrictDirectory } from './district-directory.js'
import type { CityPools } from './party-pools.js'
import type { Population } from './population.js'
import type { Rng } from './prng.js'
import type { SeedRegion } from './seed-types.js'

/** What every per-city generator works from: the city, the shared population and its own stream. */
export interface CityContext {
  region: SeedRegion
  pop: Population
  dir: DistrictDirectory
  pools: CityPools
  conventions: CityConventions
  rng: Rng
}
