package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own
// (no global state): Go runtime and process collectors, plus a few of
// gdprkit's. Labels are routes, never paths: a path may hold an ID.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	logins   *prometheus.CounterVec
	views    *prometheus.CounterVec
	uploads  prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gdprkit_http_requests_total",
		Help: "HTTP requests by route, method and status code."}, []string{"route", "method", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "gdprkit_http_request_duration_seconds",
		Help: "Time to answer HTTP requests, by route.", Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10}}, []string{"route"})
	m.logins = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gdprkit_logins_total",
		Help: "Login attempts by result: ok, invalid, locked."}, []string{"result"})
	m.views = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gdprkit_personal_data_access_total",
		Help: "Views and exports of personal data recorded in the audit trail."}, []string{"action"})
	m.uploads = prometheus.NewCounter(prometheus.CounterOpts{Name: "gdprkit_uploads_total", Help: "Files uploads received."})
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.logins, m.views, m.uploads)
	return m
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	if status == 0 {
		status = http.StatusOK
	}
	m.requests.WithLabelValues(route, method, statusCode(status)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}

// Registry lets cmd/gdprkit add collectors (the job queue's).
func (s *Server) Registry() *prometheus.Registry { return s.metrics.reg }

func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request) {
	promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// statusCodes are the usual statuses as label values, made once.
var statusCodes = func() map[int]string {
	m := map[int]string{}
	for _, c := range []int{200, 201, 202, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 409, 410, 413, 422, 429, 500, 503} {
		m[c] = strconv.Itoa(c)
	}
	return m
}()

func statusCode(status int) string {
	if s, ok := statusCodes[status]; ok {
		return s
	}
	return strconv.Itoa(status)
}
