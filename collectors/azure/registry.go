package azure

// sectionSpecs lists every section the Azure collector fills (see
// collectors/SECTIONS.md).
var sectionSpecs = []spec{
	{name: "security.contacts", collect: securityContacts},
}
