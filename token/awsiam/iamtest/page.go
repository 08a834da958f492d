package iamtest

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// pagedByFront are the list calls moto answers in one page whatever
// MaxItems says, so the front pages them.
var pagedByFront = map[string]bool{"ListUsers": true, "ListMFADevices": true}

// page is the slice of a list a request asked for: items from start on,
// at most max of them.
type page struct {
	action     string
	start, max int
}

type pageKey struct{}

// markerPrefix marks the front's own markers: the index of the next item.
const markerPrefix = "front-"

// takePage reads MaxItems and Marker off a list call the front pages,
// and removes them from form so that moto answers with the whole list.
func takePage(form url.Values) (page, bool) {
	action := form.Get("Action")
	max, err := strconv.Atoi(form.Get("MaxItems"))
	if !pagedByFront[action] || err != nil || max <= 0 {
		return page{}, false
	}
	start, _ := strconv.Atoi(strings.TrimPrefix(form.Get("Marker"), markerPrefix))
	form.Del("MaxItems")
	form.Del("Marker")
	return page{action: action, start: start, max: max}, true
}

var (
	// member is one item of a list; the users and devices Twofold lists
	// have no nested lists (no tags), so the first </member> ends it.
	member    = regexp.MustCompile(`(?s)<member>.*?</member>`)
	truncated = regexp.MustCompile(`<IsTruncated>[^<]*</IsTruncated>`)
	marker    = regexp.MustCompile(`<Marker>[^<]*</Marker>`)
)

// cut keeps the page's items of a whole list answer and says with
// IsTruncated and Marker whether more follow, as IAM does.
func (p page) cut(body []byte) ([]byte, bool) {
	spans := member.FindAllIndex(body, -1)
	if len(spans) == 0 {
		return body, false
	}
	first, last := spans[0][0], spans[len(spans)-1][1]
	end := min(p.start+p.max, len(spans))
	var kept bytes.Buffer
	for _, s := range spans[min(p.start, end):end] {
		kept.Write(body[s[0]:s[1]])
	}
	out := append(append(append([]byte{}, body[:first]...), kept.Bytes()...), body[last:]...)
	out = marker.ReplaceAll(out, nil)
	more := end < len(spans)
	flag := []byte("<IsTruncated>false</IsTruncated>")
	if more {
		flag = fmt.Appendf(nil, "<IsTruncated>true</IsTruncated><Marker>%s%d</Marker>", markerPrefix, end)
	}
	return truncated.ReplaceAll(out, flag), more
}
