package gdprkit

import "context"

// Actor kinds.
const (
	ActorUser    = "user"
	ActorToken   = "token"
	ActorContact = "contact"
	ActorSystem  = "system"
	ActorCLI     = "cli"
)

// Actor is who performed an action: a staff user, an API token, the contact
// themselves (through a confirmation link), the command line or the system.
// It travels in the context so stores can record it beside every change.
type Actor struct {
	Kind string
	ID   string
	Name string
}

// String renders the actor as "kind:id" for audit records.
func (a Actor) String() string {
	if a.ID == "" {
		return a.Kind
	}
	return a.Kind + ":" + a.ID
}

type actorKey struct{}

// NewContext returns a copy of ctx carrying a.
func NewContext(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor carried by ctx, or the system actor.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Kind: ActorSystem}
}
