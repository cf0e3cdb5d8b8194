package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// printTable writes the figures as the issue asks for them: wall time, requests per resource,
// 429s seen, wall time over the rate bound, start-up ms and peak RSS.
func printTable(out io.Writer, rep report) {
	printRows(out, "pairs\tresources\tlatency\trate limit\tup wall s\tup requests\trequests/resource\twrites\tlistings\t429s\tmax in flight\trate bound s\twall/bound\trefresh requests\tno-op up requests\tstart-up ms\tpeak RSS MB\t", rep.Scenarios, func(w io.Writer, r result) {
		limit, bound, over := "none", "-", "-"
		if r.RateLimit != nil {
			limit = r.RateLimit.String()
			bound, over = fmt.Sprintf("%.1f", r.BoundSeconds), fmt.Sprintf("%.2fx", r.OverBound)
		}
		fmt.Fprintf(w, "%d\t%d\t%gms\t%s\t%.1f\t%d\t%.2f\t%d\t%d\t%d\t%d\t%s\t%s\t%d\t%d\t%.1f\t%.1f\t\n",
			r.Pairs, r.Resources, r.LatencyMS, limit, r.UpSeconds, r.UpRequests, r.RequestsPerObject, r.UpWrites, r.UpListings,
			r.RateLimited, r.MaxInFlight, bound, over, r.RefreshRequests, r.NoOpUpRequests, rep.Startup.MedianMS, r.PeakRSSMB)
	})
	printAdoptTable(out, rep.Adopt)
	printRows(out, "zones in+out\tresources\tlatency\tup wall s\tup requests\twrites\trefresh wall s\trefresh requests\tincoming GETs\toutgoing GETs\tstatus GETs\tfloor\tno-op up requests\tdestroy wall s\tdestroy requests\tpeak RSS MB\t", rep.Transfers, func(w io.Writer, r transferResult) {
		fmt.Fprintf(w, "%d+%d\t%d\t%gms\t%.1f\t%d\t%d\t%.1f\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%d\t%.1f\t\n",
			r.Zones, r.Zones, r.Resources, r.LatencyMS, r.UpSeconds, r.UpRequests, r.UpWrites, r.RefreshSeconds, r.RefreshRequests,
			r.RefreshIncoming, r.RefreshOutgoing, r.RefreshStatus, r.RefreshFloor, r.NoOpUpRequests, r.DestroySeconds, r.DestroyRequests, r.PeakRSSMB)
	})
}

// printRows writes a table after a blank line: header, then a line for each of rows as row
// writes it, in right-aligned tab-separated columns. No rows, no table.
func printRows[T any](out io.Writer, header string, rows []T, row func(io.Writer, T)) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(out)
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, header)
	for _, r := range rows {
		row(w, r)
	}
	_ = w.Flush()
}
