package inventory

import (
	"fmt"
	"strings"
)

// Caller says in words who a snapshot was taken as: "AWS account
// 123456789012, as an IAM principal (arn:aws:iam::...:user/admin)".
func (s IAMSnapshot) Caller() string {
	who := "an IAM principal"
	if s.CallerIsRoot {
		who = "the root user"
	}
	return fmt.Sprintf("AWS account %s, as %s (%s)", s.AccountID, who, s.CallerARN)
}

// Text is the sync report in words, one line each, as 'twofold aws sync'
// prints it and the app shows it: who synced, the changes (or that the
// inventory already matched), then the findings ("FINDING  ...") and what
// IAM could not show this caller ("NOT SEEN ...").
func (r IAMSyncReport) Text(snap IAMSnapshot) string {
	var b strings.Builder
	b.WriteString(snap.Caller() + "\n")
	if len(r.Changes) == 0 {
		b.WriteString("Your inventory already matched IAM.\n")
	}
	for _, s := range r.Changes {
		b.WriteString("  " + s + "\n")
	}
	for _, s := range r.Findings {
		b.WriteString("FINDING  " + s + "\n")
	}
	for _, s := range r.Unseen {
		b.WriteString("NOT SEEN " + s + "\n")
	}
	return b.String()
}
