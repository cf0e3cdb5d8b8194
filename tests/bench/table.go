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
	fmt.Fprintln(w, "pairs\tresources\tlatency\trate limit\tup wall s\tup requests\trequests/resource\twrites\tlistings\t429s\tmax in flight\trate bound s\twall/bound\trefresh requests\tno-op up requests\tstart-up ms\tpeak RSS MB\t")
	for _, r := range rep.Scenarios {
		limit, bound, over := "none", "-", "-"
		if r.RateLimit != nil {
			limit = r.RateLimit.String()
			bound, over = fmt.Sprintf("%.1f", r.BoundSeconds), fmt.Sprintf("%.2fx", r.OverBound)
		}
		fmt.Fprintf(w, "%d\t%d\t%gms\t%s\t%.1f\t%d\t%.2f\t%d\t%d\t%d\t%d\t%s\t%s\t%d\t%d\t%.1f\t%.1f\t\n",
			r.Pairs, r.Resources, r.LatencyMS, limit, r.UpSeconds, r.UpRequests, r.RequestsPerObject, r.UpWrites, r.UpListings,
			r.RateLimited, r.MaxInFlight, bound, over, r.RefreshRequests, r.NoOpUpRequests, rep.Startup.MedianMS, r.PeakRSSMB)
	}
	_ = w.Flush()
	printAdoptTable(out, rep.Adopt)
	if len(rep.Transfers) == 0 {
		return
	}
	fmt.Fprintln(out)
	w = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "zones in+out\tresources\tlatency\tup wall s\tup requests\twrites\trefresh wall s\trefresh requests\tincoming GETs\toutgoing GETs\tstatus GETs\tfloor\tno-op up requests\tdestroy wall s\tdestroy requests\tpeak RSS MB\t")
	for _, r := range rep.Transfers {
		fmt.Fprintf(w, "%d+%d\t%d\t%gms\t%.1f\t%d\t%d\t%.1f\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%d\t%.1f\t\n",
			r.Zones, r.Zones, r.Resources, r.LatencyMS, r.UpSeconds, r.UpRequests, r.UpWrites, r.RefreshSeconds, r.RefreshRequests,
			r.RefreshIncoming, r.RefreshOutgoing, r.RefreshStatus, r.RefreshFloor, r.NoOpUpRequests, r.DestroySeconds, r.DestroyRequests, r.PeakRSSMB)
	}
	_ = w.Flush()
}
