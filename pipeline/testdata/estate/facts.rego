# Test facts: an account whose ID ends in 2 fails the probe.
package irscan.facts.aws

probe_status := "fail" if endswith(input.scope.id, "2")

else := "pass"
