package address

import "strings"

// plusDomains are consumer mailbox providers that deliver local+tag to
// local (sub-addressing), as documented by each provider. The rule is
// provider-specific: it does not hold for custom domains hosted by the
// same companies, so only these exact domains are listed.
var plusDomains = map[string]bool{
	"outlook.com": true, "outlook.fr": true, "hotmail.com": true, "hotmail.fr": true,
	"live.com": true, "live.fr": true, "msn.com": true,
	"icloud.com": true, "me.com": true, "mac.com": true,
	"fastmail.com": true, "fastmail.fm": true,
	"protonmail.com": true, "protonmail.ch": true, "proton.me": true, "pm.me": true,
	"yandex.ru": true, "yandex.com": true,
}

// variant returns the level-3 key of a level-2 key: for consumer Gmail,
// dots and a +tag removed and googlemail.com folded into gmail.com; for
// the plusDomains, the +tag removed. It is set for every address at those
// providers, even when it equals the key, so that "jdoe@gmail.com" and
// "j.doe@gmail.com" meet on the same variant; it is empty for every other
// domain, where no such rule is known.
func variant(key string, f Flags) string {
	if f&QuotedLocal != 0 {
		return ""
	}
	at := strings.LastIndexByte(key, '@')
	local, dom := key[:at], key[at+1:]
	switch {
	case dom == "gmail.com" || dom == "googlemail.com":
		local = strings.ReplaceAll(untag(local), ".", "")
		if local == "" {
			return ""
		}
		return local + "@gmail.com"
	case plusDomains[dom]:
		return untag(local) + "@" + dom
	}
	return ""
}

// untag removes a +tag from a local part ("marie+news" -> "marie").
func untag(local string) string {
	if i := strings.IndexByte(local, '+'); i > 0 {
		return local[:i]
	}
	return local
}

// roles are local parts of role accounts: mailboxes of a function rather
// than of a person (RFC 2142 names, common French ones, no-reply senders).
var roles = map[string]bool{
	"abuse": true, "accounting": true, "accounts": true, "accueil": true,
	"admin": true, "administrateur": true, "administrator": true,
	"billing": true, "bonjour": true, "careers": true, "commercial": true,
	"compta": true, "comptabilite": true, "contact": true, "direction": true,
	"do-not-reply": true, "donotreply": true, "dpo": true, "facturation": true,
	"gdpr": true, "hello": true, "help": true, "helpdesk": true,
	"hostmaster": true, "hr": true, "info": true, "infos": true,
	"information": true, "jobs": true, "mailer-daemon": true, "marketing": true,
	"media": true, "ne-pas-repondre": true, "nepasrepondre": true,
	"newsletter": true, "no-reply": true, "no_reply": true, "noreply": true,
	"office": true, "postmaster": true, "presse": true, "press": true,
	"privacy": true, "recrutement": true, "rgpd": true, "rh": true,
	"root": true, "sales": true, "secretariat": true, "security": true,
	"service-client": true, "serviceclient": true, "support": true,
	"team": true, "ventes": true, "webmaster": true,
}

func isRole(key string, f Flags) bool {
	if f&QuotedLocal != 0 {
		return false
	}
	return roles[untag(key[:strings.LastIndexByte(key, '@')])]
}
