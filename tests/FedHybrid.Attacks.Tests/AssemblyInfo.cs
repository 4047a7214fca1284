// libtorch's thread pool is process-wide (LocalLearner sets its size): tests that train run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
