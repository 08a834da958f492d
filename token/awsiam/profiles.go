package awsiam

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"
)

// Profiles returns the names of the profiles in the shared config and
// credentials files the SDK reads (AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials),
// sorted with "default" first, and the profile AWS_PROFILE names ("" when
// unset). A missing file holds no profile. The SDK keeps its own file
// reader internal, so the section headers are read here: "[default]" and
// "[profile NAME]" in the config file, "[NAME]" in the credentials file;
// other sections (sso-session, services) are not profiles.
func Profiles() (names []string, current string, err error) {
	env, err := config.NewEnvConfig()
	if err != nil {
		return nil, "", fmt.Errorf("reading the AWS environment: %w", err)
	}
	configFile, credentialsFile := env.SharedConfigFile, env.SharedCredentialsFile
	if configFile == "" {
		configFile = config.DefaultSharedConfigFilename()
	}
	if credentialsFile == "" {
		credentialsFile = config.DefaultSharedCredentialsFilename()
	}
	seen := map[string]bool{}
	for _, f := range []struct {
		path   string
		prefix string // what a profile's header starts with, besides default
	}{{configFile, "profile "}, {credentialsFile, ""}} {
		headers, err := sectionHeaders(f.path)
		if err != nil {
			return nil, "", err
		}
		for _, h := range headers {
			name, ok := strings.CutPrefix(h, f.prefix)
			if h == "default" {
				name, ok = h, true
			}
			name = strings.TrimSpace(name)
			if ok && name != "" && (f.prefix == "" || !strings.Contains(name, " ")) {
				seen[name] = true
			}
		}
	}
	for n := range seen {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "default":
			return -1
		case b == "default":
			return 1
		}
		return strings.Compare(a, b)
	})
	return names, env.SharedConfigProfile, nil
}

// sectionHeaders returns the names in the [section] lines of an INI
// file; none when the file does not exist.
func sectionHeaders(path string) ([]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading AWS profiles: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			out = append(out, strings.Join(strings.Fields(line[1:len(line)-1]), " "))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading AWS profiles from %s: %w", path, err)
	}
	return out, nil
}
