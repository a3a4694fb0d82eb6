package web

import (
	"net/http"

	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/settings"
)

type settingsView struct {
	S         settings.Settings
	Languages []string
	Zones     []string
	Error     string
}

// zones are the time zones offered first; any IANA name may be typed.
var zones = []string{"Europe/Paris", "Europe/Brussels", "Europe/Luxembourg", "Europe/Zurich", "Europe/London", "Europe/Dublin",
	"Europe/Berlin", "Europe/Madrid", "Europe/Lisbon", "Europe/Rome", "Europe/Amsterdam", "America/Montreal", "Indian/Reunion",
	"America/Martinique", "America/Guadeloupe", "Pacific/Noumea", "Pacific/Tahiti", "UTC"}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	st, err := settings.Load(r.Context(), s.svc.Settings, s.cfg.Language, s.cfg.Timezone)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showSettings(w, r, http.StatusOK, settingsView{S: st})
}

func (s *Server) showSettings(w http.ResponseWriter, r *http.Request, status int, v settingsView) {
	v.Languages, v.Zones = locale.Languages, zones
	s.render(w, r, status, "settings", s.newPage(r, "settings", "settings.title", v))
}

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) {
	st := settings.Settings{
		OrgName: r.PostFormValue("org_name"), OrgAddress: r.PostFormValue("org_address"), OrgWebsite: r.PostFormValue("org_website"),
		OrgRegistry: r.PostFormValue("org_registry"), DPOName: r.PostFormValue("dpo_name"), DPOEmail: r.PostFormValue("dpo_email"),
		DPOPhone: r.PostFormValue("dpo_phone"), Language: r.PostFormValue("language"), Timezone: r.PostFormValue("timezone"),
	}
	if err := settings.Save(r.Context(), s.svc.Settings, st); err != nil {
		status, e := classify(err)
		if status >= 500 {
			s.fail(w, r, err)
			return
		}
		s.showSettings(w, r, status, settingsView{S: st, Error: tr(r, e.Key, e.Args)})
		return
	}
	s.forgetOrg()
	s.svc.Plan.Invalidate()
	s.flash(r, "settings.saved")
	redirect(w, r, "/settings")
}
