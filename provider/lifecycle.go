package provider

import "github.com/pulumi/pulumi-go-provider/infer"

// lifecycle is what every resource of the provider implements: its own Check, Diff, Update,
// Read and Delete besides Create, and explicit output dependencies.
type lifecycle[A, S any] interface {
	infer.CustomCheck[A]
	infer.CustomDiff[A, S]
	infer.CustomUpdate[A, S]
	infer.CustomRead[A, S]
	infer.CustomDelete[S]
	infer.ExplicitDependencies[A, S]
}

// described is a resource whose pointer carries its description.
type described[R any] interface {
	*R
	infer.Annotated
}

// wholeLifecycle asserts at compile time that a resource has the whole lifecycle and a description.
func wholeLifecycle[A, S any, R lifecycle[A, S], P described[R]](r R) R { return r }
