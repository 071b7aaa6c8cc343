package azure

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// webAPIVersion is the Microsoft.Web api-version of the Logic Apps Standard
// reads (generic ARM reader).
const webAPIVersion = "2025-03-01"

// standardSite is a Logic App Standard app (Microsoft.Web/sites whose kind
// contains workflowapp) trimmed to what the playbook checks read: never its
// app settings, site config or host names.
type standardSite struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Location   string `json:"location,omitempty"`
	Properties struct {
		State string `json:"state"`
	} `json:"properties"`
	Workflows []standardWorkflow `json:"workflows"`
}

// standardWorkflow is one workflow of the app: its state and its triggers'
// kinds. The definition and connections.json are read to find the triggers
// and dropped (connections carry runtime URLs and key references).
type standardWorkflow struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Kind       string `json:"kind,omitempty"`
	Properties struct {
		FlowState string `json:"flowState"`
		Health    *struct {
			State string `json:"state"`
		} `json:"health,omitempty"`
	} `json:"properties"`
	Triggers map[string]standardTrigger `json:"triggers"`
}

// standardTrigger is a trigger's type and kind and, for a managed connector
// trigger, the connection reference and the managed API it names.
type standardTrigger struct {
	Type       string `json:"type"`
	Kind       string `json:"kind,omitempty"`
	Connection string `json:"connection,omitempty"`
	API        string `json:"api,omitempty"`
}

// workflowFiles is the part of GET …/sites/{app}/workflows/{name} read to
// find the triggers; nothing else of it is kept.
type workflowFiles struct {
	Properties struct {
		Files struct {
			Workflow struct {
				Definition struct {
					Triggers map[string]struct {
						Type   string `json:"type"`
						Kind   string `json:"kind"`
						Inputs struct {
							Host struct {
								Connection struct {
									ReferenceName string `json:"referenceName"`
								} `json:"connection"`
							} `json:"host"`
						} `json:"inputs"`
					} `json:"triggers"`
				} `json:"definition"`
			} `json:"workflow.json"`
			Connections struct {
				ManagedAPIConnections map[string]struct {
					API struct {
						ID string `json:"id"`
					} `json:"api"`
				} `json:"managedApiConnections"`
			} `json:"connections.json"`
		} `json:"files"`
	} `json:"properties"`
}

// logicAppsStandard lists the subscription's Logic App Standard apps, their
// workflows and each workflow's triggers.
func logicAppsStandard(ctx context.Context, s *sub) (any, error) {
	items, err := s.r.list(ctx, "/subscriptions/"+s.id+"/providers/Microsoft.Web/sites", webAPIVersion)
	if err != nil {
		return nil, err
	}
	sites := []standardSite{}
	for _, raw := range items {
		var site standardSite
		if err := json.Unmarshal(raw, &site); err != nil {
			return nil, fmt.Errorf("Microsoft.Web/sites: %w", err)
		}
		if !strings.Contains(strings.ToLower(site.Kind), "workflowapp") {
			continue
		}
		site.Workflows = []standardWorkflow{}
		wfs, err := s.r.list(ctx, site.ID+"/workflows", webAPIVersion)
		if err != nil {
			return nil, err
		}
		for _, raw := range wfs {
			var wf standardWorkflow
			if err := json.Unmarshal(raw, &wf); err != nil {
				return nil, fmt.Errorf("workflow of %s: %w", site.ID, err)
			}
			body, err := s.r.get(ctx, wf.ID, webAPIVersion)
			if err != nil {
				return nil, err
			}
			var files workflowFiles
			if err := json.Unmarshal(body, &files); err != nil {
				return nil, fmt.Errorf("workflow %s: %w", wf.ID, err)
			}
			wf.Triggers = map[string]standardTrigger{}
			for name, t := range files.Properties.Files.Workflow.Definition.Triggers {
				ref := t.Inputs.Host.Connection.ReferenceName
				tr := standardTrigger{Type: t.Type, Kind: t.Kind, Connection: ref}
				if c, ok := files.Properties.Files.Connections.ManagedAPIConnections[ref]; ok && ref != "" {
					parts := strings.Split(c.API.ID, "/")
					tr.API = parts[len(parts)-1]
				}
				wf.Triggers[name] = tr
			}
			site.Workflows = append(site.Workflows, wf)
		}
		sites = append(sites, site)
	}
	return map[string]any{"sites": sites}, nil
}
