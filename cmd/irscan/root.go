package main

import (
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/irscan/irscan/reports"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

type globalFlags struct {
	logLevel string
	quiet    bool
	width    int
}

// termWidth is the width terminal tables are fitted to: --width, else
// $COLUMNS, else the terminal's width when w is one, else
// reports.DefaultWidth (output piped or redirected).
func (g *globalFlags) termWidth(w io.Writer) int {
	if g.width > 0 {
		return g.width
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if n, _, err := term.GetSize(int(f.Fd())); err == nil && n > 0 {
			return n
		}
	}
	return reports.DefaultWidth
}

// colour reports whether the table on w is coloured: w is a terminal and
// NO_COLOR (https://no-color.org) is unset or empty.
func colour(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "irscan",
		Short: "Check a cloud estate's incident-response readiness (MCSB IR-1..IR-7)",
		Long: `irscan checks whether AWS accounts, Azure subscriptions and GCP projects are ready for
incident response, against the seven Incident Response controls (IR-1..IR-7) of the
Microsoft cloud security benchmark, and cross-references every finding to CIS Controls v8,
NIST SP 800-53 r4 and PCI-DSS v3.2.1.

Collectors read each cloud's configuration (read-only) into JSON snapshots; Rego checks
turn the snapshots into findings; reports are written as table, json, sarif, html, csv
and junit.

Exit codes: 0 all assessed checks passed, 1 failing findings at or above --fail-on,
2 usage or input error, 3 no failures but some checks could not be assessed,
4 scan or collect could not sign in to the cloud (or not see the scope named).`,
		Example: `  # evaluate saved snapshots and write every report
  irscan evaluate snapshots/ --format table,sarif,html,json,csv,junit --out report/

  # list the checks for one cloud
  irscan checks --cloud aws

  # pivot the controls onto NIST SP 800-53 r4
  irscan controls --framework nist-800-53-r4`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return g.setupLogging(stderr)
		},
	}
	root.Version = version
	root.SetVersionTemplate("irscan {{.Version}}\n")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&g.logLevel, "log-level", "warn", "log level on stderr: debug, info, warn, error")
	root.PersistentFlags().BoolVarP(&g.quiet, "quiet", "q", false, "no progress and no logs below error")
	root.PersistentFlags().IntVar(&g.width, "width", 0, "fit terminal tables to this many columns (default: $COLUMNS, the terminal's width, or 120 when piped)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError("%s (see '%s --help')", err, cmd.CommandPath())
	})
	root.AddCommand(
		newEvaluateCmd(g),
		newScanCmd(g),
		newCollectCmd(g),
		newControlsCmd(g),
		newChecksCmd(g),
		newVersionCmd(),
		newVerifyCmd(),
		newDiffCmd(),
	)
	root.InitDefaultVersionFlag()
	root.InitDefaultHelpFlag()
	for _, c := range root.Commands() {
		c.InitDefaultHelpFlag()
		for _, sub := range c.Commands() {
			sub.InitDefaultHelpFlag()
		}
	}
	plainBoolFlags(root)
	return root
}

// plainBoolFlags makes --help show a bool flag as "--org", not pflag's
// "--org[=true|false]": the flag's value is wrapped in a type that does not
// advertise itself as a bool flag; "--org" alone still means true.
func plainBoolFlags(cmd *cobra.Command) {
	wrap := func(f *pflag.Flag) {
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			f.Value = plainBool{f.Value}
		}
	}
	cmd.Flags().VisitAll(wrap)
	cmd.PersistentFlags().VisitAll(wrap)
	for _, c := range cmd.Commands() {
		plainBoolFlags(c)
	}
}

type plainBool struct{ pflag.Value }

func (g *globalFlags) setupLogging(stderr io.Writer) error {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(strings.ToUpper(g.logLevel))); err != nil {
		return usageError("--log-level %q: want debug, info, warn or error", g.logLevel)
	}
	if g.quiet && lvl < slog.LevelError {
		lvl = slog.LevelError
	}
	slog.SetDefault(slog.New(newLineHandler(stderr, lvl)))
	return nil
}

func commaList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func oneOf(flag, value string, allowed []string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return usageError("%s %q: want one of %s", flag, value, strings.Join(allowed, ", "))
}
