package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store"
)

// userCommand manages the web application's accounts from the command
// line: for the first administrator on a headless server, and when every
// administrator is locked out.
func (a *app) userCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Manage the users of the web application"}
	cmd.AddCommand(a.userCreateCommand(), a.userListCommand(), a.userDisableCommand(), a.userResetCommand())
	return cmd
}

// withAuth opens the database and runs fn with the auth service, acting as
// the operating-system user.
func (a *app) withAuth(ctx context.Context, fn func(context.Context, *auth.Service) error) error {
	ctx = gdprkit.NewContext(ctx, cliActor())
	st, err := store.Open(ctx, a.cfg.DSN())
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(ctx, auth.New(st.Web().Auth))
}

// readPassword reads one line from stdin, for --password-stdin: a password
// given as an argument would stay in the shell's history.
func (a *app) readPassword() (string, error) {
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", usageError{fmt.Errorf("--password-stdin: no password on standard input")}
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (a *app) userCreateCommand() *cobra.Command {
	var name, role string
	var stdin bool
	cmd := &cobra.Command{
		Use:   "create EMAIL",
		Short: "Create a user; prints a one-time link to choose a password, or reads it with --password-stdin",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, ok := auth.ParseRole(role)
			if !ok {
				return usageError{fmt.Errorf("--role must be one of admin, dpo, marketer, viewer; got %q", role)}
			}
			return a.withAuth(cmd.Context(), func(ctx context.Context, s *auth.Service) error {
				if stdin {
					return a.createWithPassword(ctx, s, args[0], name, r)
				}
				u, secret, err := s.Invite(ctx, args[0], name, r)
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, a.t("usercmd.invited", map[string]any{"Email": u.Email, "Role": a.t(r.LabelKey(), nil)}))
				fmt.Fprintf(a.stdout, "\n    %s/link?token=%s\n\n", a.baseURL(), secret)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "the user's name")
	cmd.Flags().StringVar(&role, "role", "viewer", "admin, dpo, marketer or viewer")
	cmd.Flags().BoolVar(&stdin, "password-stdin", false, "read the password from standard input instead of printing a link")
	return cmd
}

func (a *app) createWithPassword(ctx context.Context, s *auth.Service, email, name string, r auth.Role) error {
	pw, err := a.readPassword()
	if err != nil {
		return err
	}
	u, err := s.CreateUser(ctx, email, name, r, pw)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.t("usercmd.created", map[string]any{"Email": u.Email, "Role": a.t(r.LabelKey(), nil)}))
	return nil
}

func (a *app) userListCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List users",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withAuth(cmd.Context(), func(ctx context.Context, s *auth.Service) error {
				users, err := s.Users(ctx)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, a.t("usercmd.header", nil))
				for _, u := range users {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, a.userState(&u), lastLogin(&u))
				}
				return tw.Flush()
			})
		},
	}
}

func (a *app) userState(u *auth.User) string {
	switch {
	case u.Disabled:
		return a.t("users.disabled", nil)
	case u.Password == "":
		return a.t("users.invited", nil)
	}
	return a.t("users.active", nil)
}

func lastLogin(u *auth.User) string {
	if u.LastLoginAt.IsZero() {
		return "—"
	}
	return u.LastLoginAt.Local().Format("2006-01-02 15:04")
}

func (a *app) userDisableCommand() *cobra.Command {
	var enable bool
	cmd := &cobra.Command{
		Use:   "disable EMAIL",
		Short: "Disable a user (ends their sessions and API tokens); --enable gives access back",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withAuth(cmd.Context(), func(ctx context.Context, s *auth.Service) error {
				u, err := s.UserByEmail(ctx, args[0])
				if err != nil {
					return err
				}
				disabled := !enable
				if _, err := s.UpdateUser(ctx, u.ID, auth.Change{Disabled: &disabled}); err != nil {
					return err
				}
				key := "usercmd.disabled"
				if enable {
					key = "usercmd.enabled"
				}
				fmt.Fprintln(a.stdout, a.t(key, map[string]any{"Email": u.Email}))
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&enable, "enable", false, "enable the user again")
	return cmd
}

func (a *app) userResetCommand() *cobra.Command {
	var stdin bool
	cmd := &cobra.Command{
		Use:   "reset-password EMAIL",
		Short: "Print a one-time password-reset link, or set the password with --password-stdin",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withAuth(cmd.Context(), func(ctx context.Context, s *auth.Service) error {
				u, err := s.UserByEmail(ctx, args[0])
				if err != nil {
					return err
				}
				if stdin {
					return a.setPassword(ctx, s, u)
				}
				secret, err := s.ResetLink(ctx, u.ID)
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, a.t("usercmd.reset_link", map[string]any{"Email": u.Email}))
				fmt.Fprintf(a.stdout, "\n    %s/link?token=%s\n\n", a.baseURL(), secret)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&stdin, "password-stdin", false, "read the new password from standard input")
	return cmd
}

func (a *app) setPassword(ctx context.Context, s *auth.Service, u *auth.User) error {
	pw, err := a.readPassword()
	if err != nil {
		return err
	}
	if err := s.SetPassword(ctx, u.ID, pw); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.t("usercmd.password_set", map[string]any{"Email": u.Email}))
	return nil
}
