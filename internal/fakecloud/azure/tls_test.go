package azure

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestTLSIdentity: the generated CA signs a server certificate for the
// loopback names, which a client trusting only the CA accepts and a client
// with the system roots refuses.
func TestTLSIdentity(t *testing.T) {
	id, err := NewTLSIdentity(time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(id.CAPEM)
	ca, err := x509.ParseCertificate(block.Bytes)
	if err != nil || !ca.IsCA {
		t.Fatalf("CA PEM: %v", err)
	}

	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	ts.TLS = id.ServerConfig()
	ts.StartTLS()
	defer ts.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(ts.URL, "https://"))

	trusting := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: id.CertPool()}}}
	for _, host := range []string{"127.0.0.1", "localhost"} {
		resp, err := trusting.Get("https://" + net.JoinHostPort(host, port) + "/")
		if err != nil {
			t.Errorf("%s: %v", host, err)
			continue
		}
		resp.Body.Close()
	}
	other, _ := NewTLSIdentity(time.Now(), time.Hour)
	stranger := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: other.CertPool()}}}
	if _, err := stranger.Get(ts.URL); err == nil {
		t.Error("a client trusting another CA accepted the certificate")
	}
	leaf, _ := x509.ParseCertificate(id.Certificate.Certificate[0])
	if leaf.NotAfter.After(time.Now().Add(time.Hour + time.Minute)) {
		t.Errorf("certificate valid until %v", leaf.NotAfter)
	}
}
