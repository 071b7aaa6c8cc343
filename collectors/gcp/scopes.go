package gcp

import (
	"context"
	"fmt"
	"slices"
	"strings"

	crm "google.golang.org/api/cloudresourcemanager/v3"

	"github.com/irscan/irscan/snapshot"
)

// scopes resolves what to collect: the organisation (when given) plus its
// projects, a folder's projects, or the named projects. Projects are found
// by walking folders.list and projects.list down from the organisation or
// folder; each project remembers its ancestors for inherited settings and
// the calls that resolved it (resourcemanager.ancestry).
func (c *collector) scopes(ctx context.Context) ([]scope, error) {
	var out []scope
	switch {
	case c.opts.Organization != "" || c.opts.Folder != "":
		root := "organizations/" + c.opts.Organization
		if c.opts.Folder != "" {
			root = "folders/" + c.opts.Folder
		}
		var scan *orgScan
		if c.opts.Organization != "" {
			org, calls, err := c.getOrganization(ctx, root)
			if err != nil {
				return nil, c.signInError(fmt.Sprintf("gcp: --organization %s: reading it (resourcemanager.organizations.get) failed: %s", c.opts.Organization, shorten(oneLine(err.Error()))))
			}
			s := scope{Type: "organization", ID: c.opts.Organization, Name: org.DisplayName, Ancestors: []string{}, Resolution: calls}
			scan = &orgScan{Organization: root, Snapshot: snapshot.FileName(&snapshot.Snapshot{Cloud: "gcp", Scope: snapshot.Scope{Type: s.Type, ID: s.ID}})}
			out = append(out, s)
		}
		var above []string
		var resolution []snapshot.Call
		if c.opts.Folder != "" {
			f, calls, err := c.getFolder(ctx, root)
			if err != nil {
				return nil, c.signInError(fmt.Sprintf("gcp: --folder %s: reading it (resourcemanager.folders.get) failed: %s", c.opts.Folder, shorten(oneLine(err.Error()))))
			}
			anc, more, err := c.ancestors(ctx, f.Parent)
			if err != nil {
				return nil, c.signInError(fmt.Sprintf("gcp: --folder %s: reading its ancestry failed: %s", c.opts.Folder, shorten(oneLine(err.Error()))))
			}
			above, resolution = anc, append(calls, more...)
		}
		projects, err := c.walk(ctx, root, above, resolution)
		if err != nil {
			return nil, fmt.Errorf("gcp: listing the projects under %s failed: %s", root, shorten(oneLine(err.Error())))
		}
		slices.SortFunc(projects, func(a, b scope) int { return strings.Compare(a.ID, b.ID) })
		if len(c.opts.Projects) > 0 {
			projects = slices.DeleteFunc(projects, func(p scope) bool { return !slices.Contains(c.opts.Projects, p.ID) })
		}
		for i := range projects {
			projects[i].OrgScan = scan
		}
		out = append(out, projects...)
	case len(c.opts.Projects) > 0:
		for _, id := range c.opts.Projects {
			p, calls, err := c.getProject(ctx, id)
			if err != nil {
				return nil, c.signInError(fmt.Sprintf("gcp: --project %s: reading it (resourcemanager.projects.get) failed: %s", id, shorten(oneLine(err.Error()))))
			}
			s := c.projectScope(p, nil, nil)
			anc, more, err := c.ancestors(ctx, p.Parent)
			if err != nil {
				return nil, c.signInError(fmt.Sprintf("gcp: --project %s: reading its ancestry failed: %s", id, shorten(oneLine(err.Error()))))
			}
			s.Ancestors, s.Resolution = anc, append(calls, more...)
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

func (c *collector) projectScope(p *crm.Project, ancestry []string, calls []snapshot.Call) scope {
	number := strings.TrimPrefix(p.Name, "projects/")
	c.setNumber(p.ProjectId, number)
	if ancestry == nil {
		ancestry = []string{}
	}
	return scope{Type: "project", ID: p.ProjectId, Number: number, Name: p.DisplayName, Ancestors: ancestry, Resolution: calls}
}

// walk lists the active projects under parent, depth first through its
// folders; ancestry is parent's own ancestors, nearest first, and calls
// the calls that resolved them.
func (c *collector) walk(ctx context.Context, parent string, ancestry []string, calls []snapshot.Call) ([]scope, error) {
	chain := append([]string{parent}, ancestry...)
	projects, pcalls, err := readTyped(ctx, c, "projects.list "+parent, func(ctx context.Context) ([]*crm.Project, error) {
		var out []*crm.Project
		err := c.api.crm.Projects.List().Parent(parent).Pages(ctx, func(page *crm.ListProjectsResponse) error {
			out = append(out, page.Projects...)
			return nil
		})
		return out, call("resourcemanager.projects.list", err)
	})
	if err != nil {
		return nil, err
	}
	folders, fcalls, err := readTyped(ctx, c, "folders.list "+parent, func(ctx context.Context) ([]*crm.Folder, error) {
		var out []*crm.Folder
		err := c.api.crm.Folders.List().Parent(parent).Pages(ctx, func(page *crm.ListFoldersResponse) error {
			out = append(out, page.Folders...)
			return nil
		})
		return out, call("resourcemanager.folders.list", err)
	})
	if err != nil {
		return nil, err
	}
	here := slices.Concat(calls, pcalls, fcalls)
	var out []scope
	for _, p := range projects {
		if p.State == "" || p.State == "ACTIVE" {
			out = append(out, c.projectScope(p, slices.Clone(chain), slices.Clone(here)))
		}
	}
	for _, f := range folders {
		if f.State != "" && f.State != "ACTIVE" {
			continue
		}
		sub, err := c.walk(ctx, f.Name, chain, here)
		if err != nil {
			return nil, err
		}
		out = append(out, sub...)
	}
	return out, nil
}

// ancestors follows parents up from a folder or organisation name.
func (c *collector) ancestors(ctx context.Context, parent string) ([]string, []snapshot.Call, error) {
	out := []string{}
	var calls []snapshot.Call
	for parent != "" {
		out = append(out, parent)
		if !strings.HasPrefix(parent, "folders/") {
			break
		}
		f, more, err := c.getFolder(ctx, parent)
		calls = append(calls, more...)
		if err != nil {
			return nil, nil, err
		}
		parent = f.Parent
	}
	return out, calls, nil
}

func (c *collector) getOrganization(ctx context.Context, name string) (*crm.Organization, []snapshot.Call, error) {
	return readTyped(ctx, c, "organizations.get "+name, func(ctx context.Context) (*crm.Organization, error) {
		o, err := c.api.crm.Organizations.Get(name).Context(ctx).Do()
		return o, call("resourcemanager.organizations.get", err)
	})
}

func (c *collector) getFolder(ctx context.Context, name string) (*crm.Folder, []snapshot.Call, error) {
	return readTyped(ctx, c, "folders.get "+name, func(ctx context.Context) (*crm.Folder, error) {
		f, err := c.api.crm.Folders.Get(name).Context(ctx).Do()
		return f, call("resourcemanager.folders.get", err)
	})
}

// getProject reads a project by ID (projects.get).
func (c *collector) getProject(ctx context.Context, id string) (*crm.Project, []snapshot.Call, error) {
	return readTyped(ctx, c, "projects.get projects/"+id, func(ctx context.Context) (*crm.Project, error) {
		p, err := c.api.crm.Projects.Get("projects/" + id).Context(ctx).Do()
		return p, call("resourcemanager.projects.get", err)
	})
}

func (c *collector) setNumber(id, number string) {
	c.numMu.Lock()
	c.numbers[id] = number
	c.numMu.Unlock()
}

// projectNumber is a project's number: known from scope resolution, else
// read with projects.get (once per run, its calls cited by the section).
// "" when it cannot be read.
func (t *target) projectNumber(ctx context.Context, id string) string {
	t.c.numMu.Lock()
	n, ok := t.c.numbers[id]
	t.c.numMu.Unlock()
	if ok {
		return n
	}
	p, err := read(ctx, t, "projects.get projects/"+id, func(ctx context.Context) (*crm.Project, error) {
		p, err := t.c.api.crm.Projects.Get("projects/" + id).Context(ctx).Do()
		return p, call("resourcemanager.projects.get", err)
	})
	if err != nil || p == nil {
		return ""
	}
	n = strings.TrimPrefix(p.Name, "projects/")
	t.c.setNumber(id, n)
	return n
}
