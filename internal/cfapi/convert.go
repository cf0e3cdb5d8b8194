package cfapi

import (
	"errors"
	"fmt"

	"github.com/cloudflare/cloudflare-go/v6/packages/pagination"
)

// ConvertPage converts a listing item by item with the kind's conversion, which checks each
// item; a problem names the item.
func ConvertPage[S, R any](page *pagination.SinglePage[S], err error, convert func(*S, error) (R, error)) ([]R, error) {
	if err != nil {
		return nil, err
	}
	out := make([]R, len(page.Result))
	for i := range page.Result {
		rec, err := convert(&page.Result[i], nil)
		var reply *replyError
		if errors.As(err, &reply) {
			reply.Problem = fmt.Sprintf("holds item %d of the list: %s", i, trimHolds(reply.Problem))
		}
		if err != nil {
			return nil, err
		}
		out[i] = rec
	}
	return out, nil
}

func trimHolds(problem string) string {
	const holds = "holds "
	if len(problem) > len(holds) && problem[:len(holds)] == holds {
		return problem[len(holds):]
	}
	return problem
}

// CheckDeleted checks the reply to a delete, which names the deleted object's ID.
func CheckDeleted(reply any, err error) error {
	if err != nil {
		return err
	}
	return CheckDecoded(reply, "id")
}
