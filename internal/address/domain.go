package address

import "unicode/utf8"

// domain checks the domain and returns it in canonical form: lower-case,
// internationalised labels as A-labels, no trailing dot. base is the index
// of d in the unwrapped address, for error positions.
func (p *parser) domain(d string, base int) (string, Flags, error) {
	if d[0] == '[' {
		return "", 0, p.fail(CodeBadDomain, base, "address literal (an IP address in brackets) instead of a domain")
	}
	// The root dot ("example.com.") names the same domain.
	if len(d) > 1 && d[len(d)-1] == '.' {
		d = d[:len(d)-1]
	}
	switch ascii, upper := scanDomain(d); {
	case !ascii:
		a, err := toASCII(d)
		if err != nil {
			return "", 0, err
		}
		d, base = a, -1 // positions in the A-label mean nothing to the user
	case upper:
		d = lowerASCII(d)
	}
	flags, err := p.labels(d, base)
	return d, flags, err
}

// scanDomain reports whether d is ASCII and whether it has upper-case
// letters.
func scanDomain(d string) (ascii, upper bool) {
	for i := 0; i < len(d); i++ {
		c := d[i]
		if c >= utf8.RuneSelf {
			return false, upper
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	return true, upper
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// labels checks a lower-case ASCII domain: LDH labels of 1 to 63 octets
// that neither start nor end with a hyphen, at least two labels, a
// top-level label that is not all digits (that would be an IP address),
// valid xn-- labels, at most 253 octets. base < 0 means no positions.
func (p *parser) labels(d string, base int) (Flags, error) {
	pos := func(i int) int {
		if base < 0 {
			return -1
		}
		return base + i
	}
	var flags Flags
	start, digits := 0, true
	for i := 0; i <= len(d); i++ {
		if i < len(d) {
			switch c := d[i]; {
			case 'a' <= c && c <= 'z' || c == '-':
				digits = false
				continue
			case '0' <= c && c <= '9':
				continue
			case c != '.':
				return 0, p.illegal(c, pos(i), "domain")
			}
		}
		f, err := p.label(d[start:i], start, i, pos)
		if err != nil {
			return 0, err
		}
		flags |= f
		if i < len(d) {
			start, digits = i+1, true
		}
	}
	switch {
	case start == 0:
		return 0, p.fail(CodeBadDomain, -1, "domain %q has no dot", d)
	case digits:
		return 0, p.fail(CodeBadDomain, -1, "top-level domain %q is numeric", d[start:])
	case len(d) > MaxDomain:
		return 0, p.fail(CodeDomainTooLong, -1, "domain is %d octets long, the limit is %d", len(d), MaxDomain)
	}
	return flags, nil
}

// label checks one label d[start:end] of an ASCII domain.
func (p *parser) label(l string, start, end int, pos func(int) int) (Flags, error) {
	switch {
	case l == "" && start == 0:
		return 0, p.fail(CodeBadSyntax, pos(0), "domain starts with a dot")
	case l == "":
		return 0, p.fail(CodeBadSyntax, pos(end), "two dots in a row in the domain")
	case len(l) > MaxLabel:
		return 0, p.fail(CodeLabelTooLong, pos(start), "domain label is %d octets long, the limit is %d", len(l), MaxLabel)
	case l[0] == '-':
		return 0, p.fail(CodeBadDomain, pos(start), "domain label %q starts with a hyphen", l)
	case l[len(l)-1] == '-':
		return 0, p.fail(CodeBadDomain, pos(end-1), "domain label %q ends with a hyphen", l)
	}
	if len(l) < 4 || l[:4] != "xn--" {
		return 0, nil
	}
	if err := checkALabel(l); err != nil {
		return 0, p.fail(CodeBadDomain, pos(start), "invalid internationalised label %q (%v)", l, err)
	}
	return IDN, nil
}
