package awsiam

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/twofoldmfa/twofold/token/awsiam/iamtest"
)

// BenchmarkOrganizationSync reads an organization of 50 member accounts
// from moto, each with two IAM users (one with a virtual MFA device), as
// 'twofold aws sync --organization' does: in parallel (the default bound)
// and, for reference, one account at a time. calls/op is how many AWS
// calls one sync makes.
func BenchmarkOrganizationSync(b *testing.B) {
	f := iamtest.Start(b, iamtest.NewClock(time.Now()))
	var members []iamtest.OrgAccount
	for i := range 50 {
		members = append(members, iamtest.OrgAccount{Name: fmt.Sprintf("member-%02d", i), Users: map[string]int{"alice": 1, "bob": 0}})
	}
	f.Organization(b, members...)
	c, err := New(context.Background(), "")
	if err != nil {
		b.Fatal(err)
	}
	for _, bench := range []struct {
		name     string
		parallel int
	}{{"parallel", DefaultParallel}, {"one_at_a_time", 1}} {
		b.Run(bench.name, func(b *testing.B) {
			start := f.AllCalls()
			for b.Loop() {
				org, err := c.ReadOrganization(context.Background(), OrgOptions{Parallel: bench.parallel})
				if err != nil || !org.Complete() || len(org.Accounts) != 51 {
					b.Fatalf("read %d accounts (complete %v): %v", len(org.Accounts), org.Complete(), err)
				}
			}
			b.ReportMetric(float64(f.AllCalls()-start)/float64(b.N), "calls/op")
			b.ReportMetric(51, "accounts")
		})
	}
}
