package awsiam

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An SSO profile whose cached session token has expired gives the one
// line that says to sign in again, before any call to AWS.
func TestSSOExpiredOneLine(t *testing.T) {
	home := t.TempDir()
	config := filepath.Join(home, "config")
	err := os.WriteFile(config, []byte(`[profile work]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Admin
region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
`), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	// The SDK keeps the session's token under the SHA-1 of its name.
	sum := sha1.Sum([]byte("corp"))
	cache := filepath.Join(home, ".aws", "sso", "cache")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	expired := `{"accessToken": "expired-token", "expiresAt": "` + time.Now().Add(-time.Hour).UTC().Format(time.RFC3339) + `", "region": "us-east-1", "startUrl": "https://corp.awsapps.com/start"}`
	if err := os.WriteFile(filepath.Join(cache, hex.EncodeToString(sum[:])+".json"), []byte(expired), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("AWS_CONFIG_FILE", config)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "none"))
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	_, err = New(context.Background(), "work")
	if !errors.Is(err, ErrSSOExpired) || strings.Contains(err.Error(), "\n") {
		t.Errorf("got %v, want one line wrapping ErrSSOExpired", err)
	}
}
