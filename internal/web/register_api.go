package web

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/register"
)

// The registers' API. Entries are the register's own types, whose JSON is
// that of the JSON export: field names and vocabulary keys are the same
// in both. Updates carry the version read; a stale one gets 409.

const (
	tagVendors    = "Vendors"
	tagActivities = "Processing activities"
	tagMethods    = "Collection methods"
	tagRegister   = "Register"
)

type idInput struct {
	ID int64 `path:"id"`
}

type vendorsOutput struct {
	Body struct {
		Vendors []register.VendorView `json:"vendors" doc:"By decreasing risk score, then name."`
	}
}

type vendorOutput struct {
	Body register.VendorView
}

type vendorInput struct {
	Body register.Vendor
}

type activitiesOutput struct {
	Body struct {
		Activities []register.ActivityView `json:"activities" doc:"Controller records first, then processor records."`
	}
}

type activityOutput struct {
	Body register.ActivityView
}

type methodsOutput struct {
	Body struct {
		Methods []register.MethodView `json:"collection_methods" doc:"The unlawful first, then those needing action now, then the rest."`
	}
}

type methodOutput struct {
	Body register.MethodView
}

// FindingJSON is a finding with its explanation and references written
// out in the language asked for.
type FindingJSON struct {
	register.Finding
	Explanation string `json:"explanation"`
	References  string `json:"references"`
}

type findingsOutput struct {
	Body struct {
		Verdict  string        `json:"verdict" enum:"unlawful,act_now,document"`
		Findings []FindingJSON `json:"findings"`
	}
}

type organisationOutput struct {
	Body register.Organisation
}

type exportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func (s *Server) registerRegisterAPI() {
	s.registerVendorsAPI()
	s.registerActivitiesAPI()
	s.registerMethodsAPI()
	huma.Register(s.api, operation(http.MethodGet, "/organisation", "get-organisation", "Page 1 of the register: controller, representative, DPO", tagRegister, auth.RegisterView),
		func(ctx context.Context, _ *struct{}) (*organisationOutput, error) {
			o, err := s.svc.Register.Organisation(ctx)
			if err != nil {
				return nil, s.registerAPIError(ctx, err)
			}
			return &organisationOutput{Body: *o}, nil
		})
	huma.Register(s.api, withErrors(operation(http.MethodPut, "/organisation", "put-organisation", "Save page 1 of the register", tagRegister, auth.RegisterEdit)),
		func(ctx context.Context, in *struct{ Body register.Organisation }) (*organisationOutput, error) {
			if err := s.svc.Register.SaveOrganisation(ctx, &in.Body); err != nil {
				return nil, s.registerAPIError(ctx, err)
			}
			o, err := s.svc.Register.Organisation(ctx)
			if err != nil {
				return nil, s.registerAPIError(ctx, err)
			}
			return &organisationOutput{Body: *o}, nil
		})
	huma.Register(s.api, operation(http.MethodGet, "/register/export", "export-register", "Download a register", tagRegister, auth.RegisterExport), s.apiExport)
	relaxRegisterSchemas(s.api.OpenAPI().Components.Schemas)
}

// withErrors adds the statuses of a write to an operation.
func withErrors(op huma.Operation) huma.Operation {
	op.Errors = append(op.Errors, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity)
	return op
}

func (s *Server) registerVendorsAPI() {
	huma.Register(s.api, operation(http.MethodGet, "/vendors", "list-vendors", "Vendors with their risk, by decreasing risk", tagVendors, auth.RegisterView),
		func(ctx context.Context, _ *struct{}) (*vendorsOutput, error) {
			vs, err := s.svc.Register.Vendors(ctx)
			if err != nil {
				return nil, s.registerAPIError(ctx, err)
			}
			out := &vendorsOutput{}
			out.Body.Vendors = vs
			return out, nil
		})
	huma.Register(s.api, operation(http.MethodGet, "/vendors/{id}", "get-vendor", "A vendor with its risk explained, transfers and links", tagVendors, auth.RegisterView),
		func(ctx context.Context, in *idInput) (*vendorOutput, error) { return s.apiVendor(ctx, in.ID) })
	create := withErrors(operation(http.MethodPost, "/vendors", "create-vendor", "Add a vendor", tagVendors, auth.RegisterEdit))
	create.DefaultStatus = http.StatusCreated
	huma.Register(s.api, create, func(ctx context.Context, in *vendorInput) (*vendorOutput, error) {
		v := in.Body
		v.ID, v.Version = 0, 0
		if err := s.svc.Register.CreateVendor(ctx, &v); err != nil {
			return nil, s.registerAPIError(ctx, err)
		}
		return s.apiVendor(ctx, v.ID)
	})
	huma.Register(s.api, withErrors(operation(http.MethodPut, "/vendors/{id}", "update-vendor", "Replace a vendor; version is the one read", tagVendors, auth.RegisterEdit)),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id"`
			Body register.Vendor
		}) (*vendorOutput, error) {
			v := in.Body
			v.ID = in.ID
			if err := s.svc.Register.UpdateVendor(ctx, &v); err != nil {
				return nil, s.registerAPIError(ctx, err)
			}
			return s.apiVendor(ctx, v.ID)
		})
	del := withErrors(operation(http.MethodDelete, "/vendors/{id}", "delete-vendor", "Delete a vendor no entry refers to", tagVendors, auth.RegisterEdit))
	del.DefaultStatus = http.StatusNoContent
	huma.Register(s.api, del, func(ctx context.Context, in *struct {
		ID      int64 `path:"id"`
		Version int   `query:"version" required:"true" doc:"The version read: the deletion fails if the vendor changed since."`
	}) (*struct{}, error) {
		if err := s.svc.Register.DeleteVendor(ctx, in.ID, in.Version); err != nil {
			return nil, s.registerAPIError(ctx, err)
		}
		return nil, nil
	})
}

func (s *Server) apiVendor(ctx context.Context, id int64) (*vendorOutput, error) {
	v, err := s.svc.Register.Vendor(ctx, id)
	if err != nil {
		return nil, s.registerAPIError(ctx, err)
	}
	return &vendorOutput{Body: v}, nil
}

func (s *Server) registerActivitiesAPI() {
	huma.Register(s.api, operation(http.MethodGet, "/activities", "list-activities", "The record of processing activities", tagActivities, auth.RegisterView),
		func(ctx context.Context, _ *struct{}) (*activitiesOutput, error) {
			as, err := s.svc.Register.Activities(ctx)
			if err != nil {
				return nil, s.registerAPIError(ctx, err)
			}
			out := &activitiesOutput{}
			out.Body.Activities = as
			return out, nil
		})
	huma.Register(s.api, operation(http.MethodGet, "/activities/{id}", "get-activity", "An activity with its transfers, DPIA verdict and completeness", tagActivities, auth.RegisterView),
		func(ctx context.Context, in *idInput) (*activityOutput, error) { return s.apiActivity(ctx, in.ID) })
	create := withErrors(operation(http.MethodPost, "/activities", "create-activity", "Add a processing activity", tagActivities, auth.RegisterEdit))
	create.DefaultStatus = http.StatusCreated
	huma.Register(s.api, create, func(ctx context.Context, in *struct{ Body register.Activity }) (*activityOutput, error) {
		a := in.Body
		a.ID, a.Version = 0, 0
		if err := s.svc.Register.CreateActivity(ctx, &a); err != nil {
			return nil, s.registerAPIError(ctx, err)
		}
		return s.apiActivity(ctx, a.ID)
	})
	fromTemplate := withErrors(operation(http.MethodPost, "/activities/from-template", "create-activity-from-template",
		"Add a processing activity from a built-in template, written in the language asked for", tagActivities, auth.RegisterEdit))
	fromTemplate.DefaultStatus = http.StatusCreated
	huma.Register(s.api, fromTemplate, func(ctx context.Context, in *struct {
		Template string `query:"template" required:"true" enum:"newsletter,prospects,customers,audience,events"`
		Lang     string `query:"lang" enum:"en,fr" default:"en" doc:"Language the activity is written in."`
	}) (*activityOutput, error) {
		a, err := s.svc.Register.CreateActivityFromTemplate(ctx, in.Template, in.Lang)
		if err != nil {
			return nil, s.registerAPIError(ctx, err)
		}
		return s.apiActivity(ctx, a.ID)
	})
	huma.Register(s.api, withErrors(operation(http.MethodPut, "/activities/{id}", "update-activity", "Replace an activity; version is the one read", tagActivities, auth.RegisterEdit)),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id"`
			Body register.Activity
		}) (*activityOutput, error) {
			a := in.Body
			a.ID = in.ID
			if err := s.svc.Register.UpdateActivity(ctx, &a); err != nil {
				return nil, s.registerAPIError(ctx, err)
			}
			return s.apiActivity(ctx, a.ID)
		})
}

func (s *Server) apiActivity(ctx context.Context, id int64) (*activityOutput, error) {
	a, err := s.svc.Register.Activity(ctx, id)
	if err != nil {
		return nil, s.registerAPIError(ctx, err)
	}
	return &activityOutput{Body: a}, nil
}

func (s *Server) registerMethodsAPI() {
	huma.Register(s.api, operation(http.MethodGet, "/collection-methods", "list-collection-methods", "Collection methods with the rules' verdict", tagMethods, auth.RegisterView),
		func(ctx context.Context, _ *struct{}) (*methodsOutput, error) {
			ms, err := s.svc.Register.Methods(ctx)
			if err != nil {
				return nil, s.registerAPIError(ctx, err)
			}
			out := &methodsOutput{}
			out.Body.Methods = ms
			return out, nil
		})
	huma.Register(s.api, operation(http.MethodGet, "/collection-methods/{id}", "get-collection-method", "A collection method with its findings", tagMethods, auth.RegisterView),
		func(ctx context.Context, in *idInput) (*methodOutput, error) { return s.apiMethod(ctx, in.ID) })
	create := withErrors(operation(http.MethodPost, "/collection-methods", "create-collection-method", "Add a collection method", tagMethods, auth.MethodsEdit))
	create.DefaultStatus = http.StatusCreated
	huma.Register(s.api, create, func(ctx context.Context, in *struct{ Body register.CollectionMethod }) (*methodOutput, error) {
		m := in.Body
		m.ID, m.Version = 0, 0
		if err := s.svc.Register.CreateMethod(ctx, &m); err != nil {
			return nil, s.registerAPIError(ctx, err)
		}
		return s.apiMethod(ctx, m.ID)
	})
	huma.Register(s.api, operation(http.MethodGet, "/collection-methods/{id}/findings", "get-collection-method-findings",
		"The findings on a collection method, explained", tagMethods, auth.RegisterView),
		func(ctx context.Context, in *struct {
			ID   int64  `path:"id"`
			Lang string `query:"lang" enum:"en,fr" default:"en" doc:"Language of the explanations."`
		}) (*findingsOutput, error) {
			m, err := s.svc.Register.Method(ctx, in.ID)
			if err != nil {
				return nil, s.registerAPIError(ctx, err)
			}
			return explainedFindings(m.Check, in.Lang), nil
		})
	huma.Register(s.api, withErrors(operation(http.MethodPost, "/collection-methods/check", "check-collection-method",
		"Run the rules on a collection method without saving it", tagMethods, auth.RegisterView)),
		func(ctx context.Context, in *struct {
			Lang string `query:"lang" enum:"en,fr" default:"en" doc:"Language of the explanations."`
			Body register.CollectionMethod
		}) (*findingsOutput, error) {
			check, err := s.svc.Register.CheckDraft(ctx, &in.Body)
			if err != nil {
				return nil, s.registerAPIError(ctx, err)
			}
			return explainedFindings(check, in.Lang), nil
		})
}

func (s *Server) apiMethod(ctx context.Context, id int64) (*methodOutput, error) {
	m, err := s.svc.Register.Method(ctx, id)
	if err != nil {
		return nil, s.registerAPIError(ctx, err)
	}
	return &methodOutput{Body: m}, nil
}

func explainedFindings(c register.MethodCheck, lang string) *findingsOutput {
	lang = locale.Normalize(lang)
	out := &findingsOutput{}
	out.Body.Verdict, out.Body.Findings = c.Verdict, []FindingJSON{}
	for _, f := range c.Findings {
		out.Body.Findings = append(out.Body.Findings, FindingJSON{Finding: f, Explanation: register.ExplainFinding(lang, f), References: register.References(lang, f.Refs)})
	}
	return out
}

// apiExport sends one register as a file, recorded in the audit trail.
func (s *Server) apiExport(ctx context.Context, in *struct {
	What   string `query:"what" enum:"activities,vendors,methods,all" default:"activities" doc:"activities: the record of processing in the CNIL layout; vendors: the vendor register; methods: the collection methods and their findings; all: everything (json only)."`
	Format string `query:"format" enum:"xlsx,html,csv,json" default:"xlsx"`
	Lang   string `query:"lang" enum:"en,fr" default:"en"`
}) (*exportOutput, error) {
	if !slices.Contains(register.ExportFormats(in.What), in.Format) {
		return nil, huma.Error422UnprocessableEntity("the " + in.What + " export has no " + in.Format + " format; it has " + joinFormats(in.What))
	}
	var buf bytes.Buffer
	if err := s.svc.Register.Export(ctx, &buf, in.What, in.Format, in.Lang); err != nil {
		return nil, s.registerAPIError(ctx, err)
	}
	if err := s.recordRegisterExport(ctx, in.What, exportDetail(in.Format, in.Lang)); err != nil {
		return nil, s.registerAPIError(ctx, err)
	}
	return &exportOutput{ContentType: exportTypes[in.Format], ContentDisposition: `attachment; filename="` + exportName(in.Lang, in.What, in.Format, s.now()) + `"`,
		Body: buf.Bytes()}, nil
}

func joinFormats(what string) string { return strings.Join(register.ExportFormats(what), ", ") }

// registerAPIError is apiError, with the field of an invalid value named
// as the location of the problem.
func (s *Server) registerAPIError(ctx context.Context, err error) error {
	e := gdprkit.AsError(err)
	field := ""
	if e != nil && e.Code == gdprkit.EINVALID {
		field, _ = e.Args["Field"].(string)
	}
	if field == "" {
		return apiError(ctx, s.log, err)
	}
	status, e := classify(err)
	msg := locale.T("en", e.Key, e.Args)
	return huma.NewError(status, msg, &huma.ErrorDetail{Location: "code", Value: e.Code, Message: e.Key},
		&huma.ErrorDetail{Location: "body." + field, Message: msg})
}

// relaxRegisterSchemas makes the register's fields optional in request
// bodies but for those the register cannot do without: the JSON of the
// register leaves empty values out, and the service checks the rest with
// the same messages as the forms.
func relaxRegisterSchemas(reg huma.Registry) {
	keep := map[string][]string{
		"Vendor": {"name", "category", "role"}, "Activity": {"name"}, "CollectionMethod": {"kind", "name", "audience"},
		"Agreement": nil, "Transfer": {"country", "mechanism"}, "ListProvider": nil, "Organisation": nil, "Party": nil,
		"DataUse": {"category"}, "Retention": nil, "SubjectGroup": {"kind"}, "Source": {"kind"}, "Recipient": {"kind"},
		"Security": nil, "DPIA": nil, "Safeguards": nil,
	}
	for name, sch := range reg.Map() {
		if req, ok := keep[name]; ok {
			sch.Required = req
			sch.PrecomputeMessages()
		}
	}
}
