package gdprkit

import _ "embed" // docs/ledger.md, served beside the ledger's public key

// LedgerDoc is docs/ledger.md: the ledger's byte layout and how to check
// a proof of consent by hand. The web application serves it beside the
// public key, so an auditor finds both in one place.
//
//go:embed docs/ledger.md
var LedgerDoc string
