package sqlstore

import (
	"strings"
	"unicode"
)

// foldFrom and foldTo map accented Latin letters to their base letter. The
// PostgreSQL function gdprkit_fold (migration 00002) holds the same two
// strings, so both databases and Go agree on every folded name.
const (
	foldFrom = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ"
	foldTo   = "aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooooouuuuuuuuyyy"
)

var foldMap = func() map[rune]rune {
	from, to := []rune(foldFrom), []rune(foldTo)
	m := make(map[rune]rune, len(from))
	for i, r := range from {
		m[r] = to[i]
	}
	return m
}()

// Fold lower-cases s and removes the accents of Latin letters, so that a
// search for "emilie" finds "Émilie". Name indexes are built on it.
func Fold(s string) string {
	return strings.Map(func(r rune) rune {
		r = unicode.ToLower(r)
		if b, ok := foldMap[r]; ok {
			return b
		}
		return r
	}, s)
}

// PrefixEnd returns the smallest string greater than every string that
// starts with prefix, for a range scan "x >= prefix AND x < end" on a
// byte-ordered index.
func PrefixEnd(prefix string) string {
	return prefix + "\U0010FFFF"
}
