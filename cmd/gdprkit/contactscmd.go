package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

func (a *app) contactsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "contacts", Short: "Look at contacts in the base"}
	cmd.AddCommand(&cobra.Command{
		Use:   "show EMAIL",
		Short: "Show a contact's provenance and consent history",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.showContact(cmd, args[0])
		},
	})
	return cmd
}

func (a *app) showContact(cmd *cobra.Command, email string) error {
	ctx := gdprkit.NewContext(cmd.Context(), cliActor())
	addr, err := address.Parse(email)
	if err != nil {
		reason := ""
		var ae *address.Error
		if errors.As(err, &ae) {
			reason = a.t("address."+ae.Code, nil)
		}
		return usageError{gdprkit.Errorf(gdprkit.EINVALID, "cli.contact.invalid_email",
			map[string]any{"Email": email, "Reason": reason}, "%q is not a valid e-mail address: %v", email, err)}
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	c, err := st.Contacts.ContactByKey(ctx, addr.Key)
	if err != nil {
		return err
	}
	sources, events, err := st.Contacts.ContactHistory(ctx, c.ID)
	if err != nil {
		return err
	}
	// Viewing personal data is recorded in the audit trail, from the
	// command line too.
	if err := st.Contacts.LogAccess(ctx, contacts.Access{Action: "viewed", ObjectType: "contact", ObjectID: strconv.FormatInt(c.ID, 10)}); err != nil {
		return err
	}
	a.printContact(a.stdout, c, sources, events)
	return nil
}

func (a *app) printContact(w io.Writer, c *contacts.Contact, sources []contacts.Source, events []contacts.Event) {
	name := strings.TrimSpace(c.FirstName + " " + c.LastName)
	if name == "" {
		name = c.Name
	}
	fmt.Fprintf(w, "%s  %s\n", c.Email, name)
	fmt.Fprintf(w, "%s%s%s", a.t("cli.contact.status", nil), a.colon(), a.t(c.Status.LabelKey(), nil))
	if !c.ConsentAt.IsZero() {
		fmt.Fprintf(w, " (%s %s)", a.t("cli.contact.consent_at", nil), c.ConsentAt.Format(time.RFC3339))
	}
	fmt.Fprintln(w)
	for _, r := range c.Reasons {
		fmt.Fprintf(w, "  - %s%s%s\n", a.t(r.LabelKey(), nil), a.colon(), a.t(r.ExplainKey(), nil))
	}
	for _, p := range contacts.ParsePurposes(c.Purposes) {
		fmt.Fprintf(w, "  %s%s%s\n", contacts.PurposeLabel(a.cfg.Language, p.Purpose), a.colon(), a.t(p.Status.LabelKey(), nil))
	}
	fmt.Fprintf(w, "\n%s\n", a.t("cli.contact.sources", nil))
	for _, s := range sources {
		fmt.Fprintf(w, "  #%d %s:%d (%s, import %d)\n", s.ID, s.File, s.Line, s.Format, s.ImportID)
		if s.Raw != "" {
			fmt.Fprintf(w, "     %s\n", truncate(s.Raw, 160))
		}
	}
	fmt.Fprintf(w, "\n%s\n", a.t("cli.contact.events", nil))
	// Columns line up whatever the length of the labels in the language.
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, e := range events {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", eventTime(e.OccurredAt), a.t("kind."+e.Action, nil),
			contacts.PurposeLabel(a.cfg.Language, e.Purpose), a.eventDetail(e))
	}
	tw.Flush()
}

func eventTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format(time.RFC3339)
}

// eventDetail is the end of an event's line: IP, channel, source, import.
func (a *app) eventDetail(e contacts.Event) string {
	var parts []string
	if e.Personal.IP != "" {
		parts = append(parts, "IP "+e.Personal.IP)
	}
	if e.Channel != "" {
		parts = append(parts, a.t("channel."+e.Channel, nil))
	}
	if e.Source != "" {
		parts = append(parts, "— "+e.Source)
	}
	if e.ImportID != 0 {
		parts = append(parts, fmt.Sprintf("(import %d)", e.ImportID))
	}
	return strings.Join(parts, " ")
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// colon is ": " in English and " : " in French, as French typography puts
// a (narrow no-break) space before a colon.
func (a *app) colon() string {
	if a.cfg.Language == "fr" {
		return "\u202f: "
	}
	return ": "
}
