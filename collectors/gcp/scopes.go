package gcp

import (
	"context"
	"fmt"
	"slices"
	"strings"

	crm "google.golang.org/api/cloudresourcemanager/v3"

	"github.com/irscan/irscan/collectors"
)

// scopes resolves what to collect: the organisation (when given) plus its
// projects, a folder's projects, or the named projects. Projects are found
// by walking folders.list and projects.list down from the organisation or
// folder; each project remembers its ancestors for inherited settings.
func (c *collector) scopes(ctx context.Context) ([]scope, error) {
	rec := &collectors.Recorder{Log: logCall}
	svc, err := crm.NewService(ctx, c.clientOptions(rec, "")...)
	if err != nil {
		return nil, err
	}
	var out []scope
	switch {
	case c.opts.Organization != "" || c.opts.Folder != "":
		root := "organizations/" + c.opts.Organization
		if c.opts.Folder != "" {
			root = "folders/" + c.opts.Folder
		}
		if c.opts.Organization != "" {
			org, err := svc.Organizations.Get(root).Context(ctx).Do()
			if err != nil {
				return nil, fmt.Errorf("gcp: --organization %s: reading it (resourcemanager.organizations.get) failed: %s", c.opts.Organization, shorten(oneLine(err.Error())))
			}
			out = append(out, scope{Type: "organization", ID: c.opts.Organization, Name: org.DisplayName})
		}
		projects, err := walk(ctx, svc, root, nil)
		if err != nil {
			return nil, fmt.Errorf("gcp: listing the projects under %s failed: %s", root, shorten(oneLine(err.Error())))
		}
		if len(c.opts.Projects) > 0 {
			projects = slices.DeleteFunc(projects, func(p scope) bool { return !slices.Contains(c.opts.Projects, p.ID) })
		}
		out = append(out, projects...)
	case len(c.opts.Projects) > 0:
		for _, id := range c.opts.Projects {
			p, err := svc.Projects.Get("projects/" + id).Context(ctx).Do()
			if err != nil {
				return nil, fmt.Errorf("gcp: --project %s: reading it (resourcemanager.projects.get) failed: %s", id, shorten(oneLine(err.Error())))
			}
			s := projectScope(p, nil)
			s.Ancestors, err = ancestors(ctx, svc, p.Parent)
			if err != nil {
				return nil, fmt.Errorf("gcp: --project %s: reading its ancestry failed: %s", id, shorten(oneLine(err.Error())))
			}
			out = append(out, s)
		}
	default:
		return nil, fmt.Errorf("gcp: name what to scan with --project, --folder or --organization")
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("gcp: no projects to scan")
	}
	return out, nil
}

func projectScope(p *crm.Project, ancestry []string) scope {
	number := strings.TrimPrefix(p.Name, "projects/")
	return scope{Type: "project", ID: p.ProjectId, Number: number, Name: p.DisplayName, Ancestors: ancestry}
}

// walk lists the active projects under parent, depth first through its
// folders; ancestry is parent's own ancestors, nearest first.
func walk(ctx context.Context, svc *crm.Service, parent string, ancestry []string) ([]scope, error) {
	chain := append([]string{parent}, ancestry...)
	var out []scope
	err := svc.Projects.List().Parent(parent).Context(ctx).Pages(ctx, func(page *crm.ListProjectsResponse) error {
		for _, p := range page.Projects {
			if p.State == "" || p.State == "ACTIVE" {
				out = append(out, projectScope(p, slices.Clone(chain)))
			}
		}
		return nil
	})
	if err != nil {
		return nil, call("resourcemanager.projects.list", err)
	}
	var folders []string
	err = svc.Folders.List().Parent(parent).Context(ctx).Pages(ctx, func(page *crm.ListFoldersResponse) error {
		for _, f := range page.Folders {
			if f.State == "" || f.State == "ACTIVE" {
				folders = append(folders, f.Name)
			}
		}
		return nil
	})
	if err != nil {
		return nil, call("resourcemanager.folders.list", err)
	}
	for _, f := range folders {
		sub, err := walk(ctx, svc, f, chain)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	slices.SortFunc(out, func(a, b scope) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// ancestors follows parents up from a folder or organisation name.
func ancestors(ctx context.Context, svc *crm.Service, parent string) ([]string, error) {
	var out []string
	for parent != "" {
		out = append(out, parent)
		if !strings.HasPrefix(parent, "folders/") {
			break
		}
		f, err := svc.Folders.Get(parent).Context(ctx).Do()
		if err != nil {
			return nil, call("resourcemanager.folders.get", err)
		}
		parent = f.Parent
	}
	return out, nil
}
