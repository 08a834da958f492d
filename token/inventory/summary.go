package inventory

// AccountSummary is one account at a glance, for lists and the desktop
// app: how many factors it has (gone ones left out) and how bad its worst finding is.
type AccountSummary struct {
	AccountID string   `json:"account_id"`
	Name      string   `json:"name"`
	Provider  Provider `json:"provider"`
	Factors   int      `json:"factors"`
	Findings  int      `json:"findings"`
	// Worst is the severity of the worst finding; empty when there is none.
	Worst Severity `json:"worst,omitempty"`
}

// Summary gives one AccountSummary per account, in the order of accounts,
// from the findings Check returned.
func Summary(accounts []Account, findings []Finding) []AccountSummary {
	return SummaryOf(Input{Accounts: accounts}, findings)
}

// SummaryOf is Summary of the accounts of in, counting as factors what
// Check counts (CountedFactors: recovery codes with some left, too).
func SummaryOf(in Input, findings []Finding) []AccountSummary {
	accounts := in.Accounts
	out := make([]AccountSummary, len(accounts))
	index := make(map[string]int, len(accounts))
	for i, a := range accounts {
		out[i] = AccountSummary{AccountID: a.ID, Name: a.Name, Provider: a.Provider, Factors: len(CountedFactors(a, in.Codes[a.ID]))}
		index[a.ID] = i
	}
	for _, f := range findings {
		i, ok := index[f.AccountID]
		if f.AccountID == "" || !ok {
			continue
		}
		out[i].Findings++
		if out[i].Worst == "" || f.Severity.Rank() > out[i].Worst.Rank() {
			out[i].Worst = f.Severity
		}
	}
	return out
}

// Worst returns the severity of the worst finding, or "" when there is
// none.
func Worst(findings []Finding) Severity {
	var w Severity
	for _, f := range findings {
		if w == "" || f.Severity.Rank() > w.Rank() {
			w = f.Severity
		}
	}
	return w
}
