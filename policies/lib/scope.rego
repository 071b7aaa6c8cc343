# The scope a snapshot covers, as the resource IDs findings name.
package irscan.lib.scope

# METADATA
# description: >-
#   The canonical resource ID of the snapshot's whole scope: an AWS account or organisation
#   ARN, an Azure subscription or management group ID, a GCP full resource name. Matches
#   policies.ScopeResource in Go.
resource := resource_of(input.cloud, input.scope.type, input.scope.id)

resource_of("aws", "organization", id) := sprintf("arn:aws:organizations::%s:organization", [id])

resource_of("aws", kind, id) := sprintf("arn:aws:account::%s:account", [id]) if kind != "organization"

resource_of("azure", "management_group", id) := sprintf("/providers/Microsoft.Management/managementGroups/%s", [id])

resource_of("azure", kind, id) := sprintf("/subscriptions/%s", [id]) if kind != "management_group"

resource_of("gcp", kind, id) := sprintf("//cloudresourcemanager.googleapis.com/%s/%s", [collection[kind], id]) if collection[kind]

collection := {"organization": "organizations", "folder": "folders", "project": "projects"}

# METADATA
# description: The GCP resource name of the scope (projects/<id>, folders/<id>, organizations/<id>).
gcp_name := sprintf("%s/%s", [collection[input.scope.type], input.scope.id])
