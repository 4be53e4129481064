import type { CityServerOptions } from './city-server.js'
import type { CityPki } from './pki/sandbox-pki.js'

/** Options of a sandbox city: where it listens, and the PKI it signs licences with (if any). */
export interface CityOptions extends CityServerOptions {
  pki?: CityPki
}
