package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// metadata is the part of FyneApp.toml the resources need.
type metadata struct {
	Details struct {
		Icon    string
		Name    string
		ID      string
		Version string
		Build   int
	}
}

// appMetadata is FyneApp.toml's [Details] with the version as four numbers.
type appMetadata struct {
	Icon, Name, ID, Version string
	Numbers                 [4]int // major, minor, patch, build
}

func readMetadata(path string) (appMetadata, error) {
	var m metadata
	if _, err := toml.DecodeFile(path, &m); err != nil {
		return appMetadata{}, err
	}
	d := m.Details
	if d.Icon == "" || d.Name == "" || d.Version == "" {
		return appMetadata{}, fmt.Errorf("%s: [Details] needs Icon, Name and Version", path)
	}
	out := appMetadata{Icon: d.Icon, Name: d.Name, ID: d.ID, Version: d.Version}
	parts := strings.Split(d.Version, ".")
	if len(parts) != 3 {
		return appMetadata{}, fmt.Errorf("%s: Version %q is not major.minor.patch", path, d.Version)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 65535 {
			return appMetadata{}, fmt.Errorf("%s: Version %q is not major.minor.patch", path, d.Version)
		}
		out.Numbers[i] = n
	}
	out.Numbers[3] = d.Build
	return out, nil
}
