package aws

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// identity is who an access key ID authenticates as.
type identity struct {
	account   *Account
	principal string // caller ARN
	userID    string // GetCallerIdentity UserId
}

// identities maps access key IDs to callers: the scenario's static keys, and
// the temporary keys sts:AssumeRole handed out.
type identities struct {
	mu    sync.RWMutex
	byKey map[string]*identity
}

func newIdentities(sc *Scenario) *identities {
	ids := &identities{byKey: map[string]*identity{}}
	for _, a := range sc.Accounts {
		for _, k := range a.AccessKeys {
			ids.byKey[k] = &identity{account: a, principal: a.Principal, userID: userIDFor(a.Principal)}
		}
	}
	return ids
}

func (ids *identities) lookup(keyID string) *identity {
	ids.mu.RLock()
	defer ids.mu.RUnlock()
	return ids.byKey[keyID]
}

func (ids *identities) add(keyID string, id *identity) {
	ids.mu.Lock()
	defer ids.mu.Unlock()
	ids.byKey[keyID] = id
}

// userIDFor derives a stable fake unique ID for a principal ARN: AROA...:session
// for assumed roles, AIDA... for users.
func userIDFor(principal string) string {
	sum := sha256.Sum256([]byte(principal))
	id := base32.StdEncoding.EncodeToString(sum[:])[:17]
	if _, rest, ok := strings.Cut(principal, ":assumed-role/"); ok {
		if i := strings.LastIndexByte(rest, '/'); i >= 0 {
			return "AROA" + id + ":" + rest[i+1:]
		}
	}
	return "AIDA" + id
}

// synthGetCallerIdentity answers sts:GetCallerIdentity for the caller.
func synthGetCallerIdentity(_ *Server, c *callContext) reply {
	return reply{body: []byte(fmt.Sprintf(
		`<GetCallerIdentityResponse xmlns="%s"><GetCallerIdentityResult><Arn>%s</Arn><UserId>%s</UserId><Account>%s</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
		c.req.svc.xmlns, xmlEscape(c.id.principal), xmlEscape(c.id.userID), c.account.ID))}
}

// synthAssumeRole answers sts:AssumeRole for a role listed in scenario.yaml:
// fresh temporary credentials whose access key ID authenticates as the role's
// account from then on.
func synthAssumeRole(s *Server, c *callContext) reply {
	p := c.req.svc.protocol
	roleARN, session := c.req.form.Get("RoleArn"), c.req.form.Get("RoleSessionName")
	if roleARN == "" || session == "" {
		return errorReply(p, "ValidationError", "1 validation error detected: RoleArn and RoleSessionName are required")
	}
	role, target := s.scenario.role(roleARN)
	trusted := role != nil && len(role.TrustedAccounts) == 0
	if role != nil {
		for _, t := range role.TrustedAccounts {
			trusted = trusted || t == c.account.ID
		}
	}
	if !trusted {
		return reply{err: &apiError{Status: http.StatusForbidden, Code: "AccessDenied",
			Message: fmt.Sprintf("User: %s is not authorized to perform: sts:AssumeRole on resource: %s", c.id.principal, roleARN)}}
	}
	duration := 3600
	if d, err := strconv.Atoi(c.req.form.Get("DurationSeconds")); err == nil && d > 0 {
		duration = d
	}
	roleName := roleARNRe.FindStringSubmatch(roleARN)[2]
	principal := fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", target, roleName, session)
	keyID := "ASIA" + randomString(16)
	s.ids.add(keyID, &identity{account: s.scenario.account(target), principal: principal, userID: userIDFor(principal)})
	expiration := s.now().UTC().Add(time.Duration(duration) * time.Second).Format(time.RFC3339)
	return reply{body: []byte(fmt.Sprintf(
		`<AssumeRoleResponse xmlns="%s"><AssumeRoleResult><AssumedRoleUser><AssumedRoleId>%s</AssumedRoleId><Arn>%s</Arn></AssumedRoleUser>`+
			`<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey><SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials>`+
			`</AssumeRoleResult></AssumeRoleResponse>`,
		c.req.svc.xmlns, xmlEscape(userIDFor(principal)), xmlEscape(principal),
		keyID, randomBase64(30), randomBase64(120), expiration))}
}

// randomString returns n random characters from [A-Z2-7].
func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base32.StdEncoding.EncodeToString(b)[:n]
}

func randomBase64(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}
