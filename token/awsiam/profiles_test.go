package awsiam

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"
)

// The profiles listed are those the SDK itself loads by name.
func TestProfilesAreTheSDKs(t *testing.T) {
	dir := t.TempDir()
	cfg, creds := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	write := func(path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(cfg, "[default]\nregion = us-east-1\n\n[profile work]\nregion = eu-west-1\n[ profile  prod ]\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n[services local]\niam =\n  endpoint_url = http://127.0.0.1\n")
	write(creds, "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n[backup]\naws_access_key_id = AKIDEXAMPLE2\naws_secret_access_key = y\n")
	t.Setenv("AWS_CONFIG_FILE", cfg)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_PROFILE", "work")
	names, current, err := Profiles()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"default", "backup", "prod", "work"}; !slices.Equal(names, want) || current != "work" {
		t.Fatalf("profiles %q (current %q), want %q (current work)", names, current, want)
	}
	for _, n := range append(names, "corp", "local") {
		_, err := config.LoadSharedConfigProfile(context.Background(), n, func(o *config.LoadSharedConfigOptions) {
			o.ConfigFiles, o.CredentialsFiles = []string{cfg}, []string{creds}
		})
		if known := slices.Contains(names, n); (err == nil) != known {
			t.Errorf("profile %q: listed %v, the SDK says %v", n, known, err)
		}
	}

	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "none"))
	if names, _, err := Profiles(); err != nil || len(names) != 0 {
		t.Errorf("no files: %q, %v", names, err)
	}
}
