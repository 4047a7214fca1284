// libtorch's thread pool and default generator are process-wide (LocalLearner sets the thread count, and module
// initialisation draws from the default generator): tests that train or build models run one at a time, or a
// bit-for-bit determinism test can see another test's thread count mid-fit.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
