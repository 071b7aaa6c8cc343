package aws

// sectionSpecs lists every section the AWS collector fills, in the order
// of collectors/SECTIONS.md. ec2.regions is collected first, by
// collectRegions, because the regional sections depend on it.
var sectionSpecs = []spec{
	{name: "ec2.regions"},
}

// fetches are the memoised reads shared between sections of one account.
type fetches struct{}
