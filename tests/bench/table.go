package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// printTable writes the figures as the issue asks for them: wall time, requests per resource,
// 429s seen, wall time over the rate bound, start-up ms and peak RSS.
func printTable(out io.Writer, rep report) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "pairs\tresources\tlatency\trate limit\tup wall s\tup requests\trequests/resource\twrites\t429s\tmax in flight\trate bound s\twall/bound\trefresh requests\tno-op up requests\tstart-up ms\tpeak RSS MB\t")
	for _, r := range rep.Scenarios {
		limit, bound, over := "none", "-", "-"
		if r.RateLimit != nil {
			limit = r.RateLimit.String()
			bound, over = fmt.Sprintf("%.1f", r.BoundSeconds), fmt.Sprintf("%.2fx", r.OverBound)
		}
		fmt.Fprintf(w, "%d\t%d\t%gms\t%s\t%.1f\t%d\t%.2f\t%d\t%d\t%d\t%s\t%s\t%d\t%d\t%.1f\t%.1f\t\n",
			r.Pairs, r.Resources, r.LatencyMS, limit, r.UpSeconds, r.UpRequests, r.RequestsPerObject, r.UpWrites,
			r.RateLimited, r.MaxInFlight, bound, over, r.RefreshRequests, r.NoOpUpRequests, rep.Startup.MedianMS, r.PeakRSSMB)
	}
	_ = w.Flush()
}
