package gcp

import (
	"context"
	"fmt"

	sccv2 "cloud.google.com/go/securitycenter/apiv2"
	sccmgmt "cloud.google.com/go/securitycentermanagement/apiv1"

	functions "google.golang.org/api/cloudfunctions/v2"
	crm "google.golang.org/api/cloudresourcemanager/v3"
	compute "google.golang.org/api/compute/v1"
	contacts "google.golang.org/api/essentialcontacts/v1"
	eventarc "google.golang.org/api/eventarc/v1"
	logging "google.golang.org/api/logging/v2"
	netmgmt "google.golang.org/api/networkmanagement/v1"
	pubsub "google.golang.org/api/pubsub/v1"
	scc "google.golang.org/api/securitycenter/v1"
	sccb2 "google.golang.org/api/securitycenter/v1beta2"
	storage "google.golang.org/api/storage/v1"
)

// services are the run's API clients, one service package per API. The
// APIs google.golang.org/api has no client for (Security Command Center v2
// and Management) are read with the Cloud client libraries over REST, one
// client per read (collector.libraryOptions).
type services struct {
	crm      *crm.Service
	contacts *contacts.Service
	scc      *scc.Service   // notification configs (v1)
	sccb2    *sccb2.Service // subscription, SHA and ETD settings (v1beta2)
	// Cloud client libraries over REST, for the APIs google.golang.org/api
	// does not have.
	sccv2     *sccv2.Client   // notification configs under a location (v2)
	sccmgmt   *sccmgmt.Client // Security Command Center services' effective state
	pubsub    *pubsub.Service
	compute   *compute.Service
	netmgmt   *netmgmt.Service
	logging   *logging.Service
	storage   *storage.Service
	functions *functions.Service
	eventarc  *eventarc.Service
}

func (c *collector) newServices(ctx context.Context) (*services, error) {
	s := &services{}
	var err error
	check := func(name string, e error) {
		if e != nil && err == nil {
			err = fmt.Errorf("gcp: %s client: %w", name, e)
		}
	}
	var e error
	s.crm, e = crm.NewService(ctx, c.clientOptions("", "cloudresourcemanager")...)
	check("cloudresourcemanager", e)
	s.contacts, e = contacts.NewService(ctx, c.clientOptions("", "essentialcontacts")...)
	check("essentialcontacts", e)
	s.scc, e = scc.NewService(ctx, c.clientOptions("", "securitycenter")...)
	check("securitycenter", e)
	s.sccb2, e = sccb2.NewService(ctx, c.clientOptions("", "securitycenter")...)
	check("securitycenter", e)
	s.pubsub, e = pubsub.NewService(ctx, c.clientOptions("", "pubsub")...)
	check("pubsub", e)
	s.compute, e = compute.NewService(ctx, c.clientOptions("compute/v1/", "compute")...)
	check("compute", e)
	s.netmgmt, e = netmgmt.NewService(ctx, c.clientOptions("", "networkmanagement")...)
	check("networkmanagement", e)
	s.logging, e = logging.NewService(ctx, c.clientOptions("", "logging")...)
	check("logging", e)
	s.storage, e = storage.NewService(ctx, c.clientOptions("storage/v1/", "storage")...)
	check("storage", e)
	s.functions, e = functions.NewService(ctx, c.clientOptions("", "cloudfunctions")...)
	check("cloudfunctions", e)
	s.eventarc, e = eventarc.NewService(ctx, c.clientOptions("", "eventarc")...)
	check("eventarc", e)
	return s, err
}
