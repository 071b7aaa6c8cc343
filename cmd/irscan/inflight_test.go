package main

import (
	"net/http"
	"sync"
)

// inflightMeter measures, at a fake cloud, the most requests in flight at
// once and the most scopes (accounts, subscriptions, projects) with a
// request in flight, to test --parallel and concurrent collection.
type inflightMeter struct {
	mu                 sync.Mutex
	requests, peakReqs int
	busy               map[string]int
	peakScopes         int
}

// serve passes one request to next, counted under scope ("" for none). A
// request stops counting when its answer starts: the client may send its
// next request as soon as it has read the answer, before next returns.
func (m *inflightMeter) serve(w http.ResponseWriter, r *http.Request, scope string, next http.Handler) {
	m.mu.Lock()
	if m.busy == nil {
		m.busy = map[string]int{}
	}
	m.requests++
	m.peakReqs = max(m.peakReqs, m.requests)
	if scope != "" {
		m.busy[scope]++
		n := 0
		for _, c := range m.busy {
			if c > 0 {
				n++
			}
		}
		m.peakScopes = max(m.peakScopes, n)
	}
	m.mu.Unlock()
	var once sync.Once
	done := func() {
		once.Do(func() {
			m.mu.Lock()
			m.requests--
			if scope != "" {
				m.busy[scope]--
			}
			m.mu.Unlock()
		})
	}
	defer done()
	next.ServeHTTP(&answerStart{ResponseWriter: w, start: done}, r)
}

// peak returns the most requests and scopes in flight at once.
func (m *inflightMeter) peak() (requests, scopes int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.peakReqs, m.peakScopes
}

// answerStart calls start when the response is first written.
type answerStart struct {
	http.ResponseWriter
	start func()
}

func (w *answerStart) WriteHeader(code int) {
	w.start()
	w.ResponseWriter.WriteHeader(code)
}

func (w *answerStart) Write(b []byte) (int, error) {
	w.start()
	return w.ResponseWriter.Write(b)
}
