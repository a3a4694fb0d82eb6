package address

// Suggest returns the address with a likely typo in a popular mailbox
// domain corrected ("marie@gmial.com" -> "marie@gmail.com"), or "" when
// there is nothing to suggest.
//
// It is a suggestion to show, never a correction to apply: a corrected
// address is one the person never gave, so no consent stands behind it
// (formats.md §7.2, level 4).
func Suggest(a Address) string {
	dom := a.Domain()
	if dom == "" || popular[dom] {
		return ""
	}
	if fix, ok := typos[dom]; ok {
		return a.Local() + "@" + fix
	}
	for _, d := range typoTargets {
		if oneEdit(dom, d) {
			return a.Local() + "@" + d
		}
	}
	return ""
}

// popular are large consumer mailbox domains seen in French lists. A
// domain in this set is never "corrected".
var popular = map[string]bool{
	"aol.com": true, "bbox.fr": true, "free.fr": true, "gmail.com": true,
	"gmx.com": true, "gmx.de": true, "gmx.fr": true, "googlemail.com": true,
	"hotmail.com": true, "hotmail.fr": true, "icloud.com": true,
	"laposte.net": true, "live.com": true, "live.fr": true, "mail.com": true,
	"me.com": true, "msn.com": true, "neuf.fr": true, "numericable.fr": true,
	"orange.fr": true, "outlook.com": true, "outlook.fr": true,
	"proton.me": true, "protonmail.com": true, "sfr.fr": true, "wanadoo.fr": true,
	"web.de": true, "yahoo.com": true, "yahoo.fr": true,
}

// typoTargets are the popular domains long enough for a one-edit typo to
// be unambiguous (short ones like sfr.fr are one edit away from real
// company domains).
var typoTargets = []string{
	"gmail.com", "hotmail.com", "hotmail.fr", "outlook.com", "outlook.fr",
	"yahoo.com", "yahoo.fr", "icloud.com", "orange.fr", "wanadoo.fr",
	"laposte.net", "numericable.fr", "protonmail.com",
}

// typos are frequent mistakes more than one edit away. Only domains that
// hold no mailboxes are listed: laposte.fr or orange.com look like typos
// but are real company domains.
var typos = map[string]string{
	"gmail.fr": "gmail.com", "gmai.fr": "gmail.com", "gmial.fr": "gmail.com",
}

// oneEdit reports whether a becomes b by exactly one insertion, deletion,
// substitution or swap of adjacent characters. Both are ASCII.
func oneEdit(a, b string) bool {
	if a == b || len(a)-len(b) > 1 || len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	switch {
	case len(a) > len(b):
		return a[i+1:] == b[i:]
	case len(a) < len(b):
		return a[i:] == b[i+1:]
	case a[i+1:] == b[i+1:]:
		return true
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}
