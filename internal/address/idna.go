package address

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// toASCII converts a domain with non-ASCII characters to A-labels with the
// UTS #46 lookup profile (non-transitional: ß stays ß), after NFC so that a
// decomposed "mu\u0308ller" and a composed "müller" give the same label.
// Lengths are checked afterwards, on the A-labels.
func toASCII(d string) (string, error) {
	if len(d) > 4*MaxDomain { // no valid domain is that long; spare the work
		return "", &Error{Code: CodeDomainTooLong, Detail: fmt.Sprintf("domain is %d octets long, the limit is %d", len(d), MaxDomain)}
	}
	a, err := idna.Lookup.ToASCII(norm.NFC.String(d))
	if err != nil {
		return "", &Error{Code: CodeBadDomain, Detail: fmt.Sprintf("invalid internationalised domain %q (%s)", d, idnaReason(err))}
	}
	// An ideographic full stop at the end maps to a root dot.
	return strings.TrimSuffix(a, "."), nil
}

// checkALabel checks a lower-case "xn--" label: it must decode to a valid
// label whose encoding is exactly this one.
func checkALabel(l string) error {
	a, err := idna.Lookup.ToASCII(l)
	switch {
	case err != nil:
		return errors.New(idnaReason(err))
	case a != l:
		return errors.New("not the canonical encoding of its label")
	}
	return nil
}

func idnaReason(err error) string {
	return strings.TrimPrefix(err.Error(), "idna: ")
}
