import { defineRemoteAcceptanceSuite } from './remote-acceptance.suite.js'

// Remote acceptance against the in-memory store (the embedded default).
defineRemoteAcceptanceSuite()
