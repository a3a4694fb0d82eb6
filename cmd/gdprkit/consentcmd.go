package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

func (a *app) consentCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "consent", Short: "Proofs of consent and the keys of consent links"}
	var format, out string
	proof := &cobra.Command{
		Use:   "proof EMAIL",
		Short: "Write the proof of consent of a contact: printable HTML, JSON-LD (W3C DPV) or a Kantara receipt",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.writeProof(cmd, args[0], format, out)
		},
	}
	proof.Flags().StringVar(&format, "format", "html", "html, jsonld or kantara")
	proof.Flags().StringVarP(&out, "output", "o", "", "file to write (default: standard output)")
	cmd.AddCommand(proof, &cobra.Command{
		Use:   "maintain",
		Short: "Sign a ledger checkpoint, rotate the link key when due, forget expired tokens (run it daily)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := gdprkit.NewContext(cmd.Context(), cliActor())
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			k, err := a.newConsentKit(ctx, st)
			if err != nil {
				return err
			}
			return k.maintain(ctx, a.cfg, st)
		},
	}, &cobra.Command{
		Use:   "rotate-link-key",
		Short: "Sign new confirmation, preference and unsubscribe links with a new key (links already sent keep working)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := gdprkit.NewContext(cmd.Context(), cliActor())
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			k, err := a.newConsentKit(ctx, st)
			if err != nil {
				return err
			}
			return k.keys.Rotate(ctx)
		},
	})
	return cmd
}

func (a *app) writeProof(cmd *cobra.Command, email, format, out string) error {
	if format != "html" && format != "jsonld" && format != "kantara" {
		return usageError{fmt.Errorf("--format must be html, jsonld or kantara, got %q", format)}
	}
	ctx := gdprkit.NewContext(cmd.Context(), cliActor())
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := a.newConsentKit(ctx, st)
	if err != nil {
		return err
	}
	p, err := k.proofs.Build(ctx, email, a.cfg.Language)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := render(&b, p, format); err != nil {
		return err
	}
	// A proof shows personal data: the audit trail says who produced it.
	if err := st.Contacts.LogAccess(ctx, contacts.Access{Action: "exported", ObjectType: "contact", ObjectID: fmt.Sprint(p.ContactID),
		Detail: fmt.Sprintf(`{"what":"proof","format":%q}`, format)}); err != nil {
		return err
	}
	w := a.stdout
	if out != "" {
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	_, err = w.Write(b.Bytes())
	return err
}

func render(w io.Writer, p *consent.Proof, format string) error {
	switch format {
	case "jsonld":
		b, err := p.JSONLD()
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	case "kantara":
		b, err := p.Kantara()
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
	return p.WriteHTML(w)
}
