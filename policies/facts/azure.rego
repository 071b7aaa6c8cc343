# What a azure snapshot offers the other scopes of the run (data.estate["azure"][type][id].facts).
# Every rule of this package is one fact; keep them small (kilobytes per scope) and sorted.
package irscan.facts.azure
